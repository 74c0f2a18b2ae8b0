import { Injectable } from '@nestjs/common';
import type {
  CreateDomesticPaymentConsent,
  DomesticPaymentConsent,
  DomesticPaymentConsentStatus,
  ObJson,
} from '@fapi/nats-contract';
import { type DomesticPaymentConsent as PaymentConsentRow, Prisma, type PrismaClient } from '../generated/prisma';
import { ConsentDatabase } from './consent-database';

export interface NewPaymentConsent extends CreateDomesticPaymentConsent {
  consentId: string;
  status: DomesticPaymentConsentStatus;
  at: Date;
  reason: string;
}

/** One status change, applied only if the consent still has the status it was read with. */
export interface PaymentConsentStatusChange {
  consentId: string;
  from: DomesticPaymentConsentStatus;
  to: DomesticPaymentConsentStatus;
  at: Date;
  reason: string;
  /** Recorded on authorisation: the PSU and the debtor account. */
  authorisation?: { psuId: string; debtorAccountId: string };
  /** Recorded on consumption: the payment made from the consent. */
  consumption?: { paymentId: string };
}

/** Domestic payment consents and their status history in the consent service's own PostgreSQL database. */
@Injectable()
export class DomesticPaymentConsentStore {
  private readonly prisma: PrismaClient;

  constructor(database: ConsentDatabase) {
    this.prisma = database.prisma;
  }

  /** Stores a new consent (Initiation and Risk verbatim) together with the history row of its creation. */
  async create(consent: NewPaymentConsent): Promise<DomesticPaymentConsent> {
    const { summary } = consent;
    const row = await this.prisma.domesticPaymentConsent.create({
      data: {
        id: consent.consentId,
        clientId: consent.clientId,
        status: consent.status,
        initiation: consent.initiation as Prisma.InputJsonObject,
        risk: consent.risk as Prisma.InputJsonObject,
        amount: summary.amount,
        currency: summary.currency,
        creditorName: summary.creditorName,
        creditorScheme: summary.creditorScheme,
        creditorIdentification: summary.creditorIdentification,
        reference: summary.reference,
        fixedDebtorAccountId: summary.debtorAccountId,
        creationDateTime: consent.at,
        statusUpdateDateTime: consent.at,
        statusHistory: { create: { fromStatus: null, toStatus: consent.status, at: consent.at, reason: consent.reason } },
      },
    });
    return toContract(row);
  }

  async find(consentId: string): Promise<DomesticPaymentConsent | undefined> {
    const row = await this.prisma.domesticPaymentConsent.findUnique({ where: { id: consentId } });
    return row ? toContract(row) : undefined;
  }

  /**
   * Applies a status change atomically with its history row. The update is conditional on the status the caller
   * read (`WHERE status = from`), so of concurrent changes to one consent (two payments consuming it) only the first
   * commits; the others get undefined and must re-read.
   */
  async changeStatus(change: PaymentConsentStatusChange): Promise<DomesticPaymentConsent | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.domesticPaymentConsent.updateMany({
        where: { id: change.consentId, status: change.from },
        data: { status: change.to, statusUpdateDateTime: change.at, ...change.authorisation, ...change.consumption },
      });
      if (count === 0) return undefined;
      await tx.domesticPaymentConsentStatusChange.create({
        data: { consentId: change.consentId, fromStatus: change.from, toStatus: change.to, at: change.at, reason: change.reason },
      });
      return toContract(await tx.domesticPaymentConsent.findUniqueOrThrow({ where: { id: change.consentId } }));
    });
  }
}

function toContract(row: PaymentConsentRow): DomesticPaymentConsent {
  return {
    consentId: row.id,
    clientId: row.clientId,
    status: row.status,
    initiation: row.initiation as ObJson,
    risk: row.risk as ObJson,
    summary: {
      amount: row.amount,
      currency: row.currency,
      creditorName: row.creditorName ?? undefined,
      creditorScheme: row.creditorScheme,
      creditorIdentification: row.creditorIdentification,
      reference: row.reference ?? undefined,
      debtorAccountId: row.fixedDebtorAccountId ?? undefined,
    },
    creationDateTime: row.creationDateTime.toISOString(),
    statusUpdateDateTime: row.statusUpdateDateTime.toISOString(),
    psuId: row.psuId ?? undefined,
    debtorAccountId: row.debtorAccountId ?? undefined,
    paymentId: row.paymentId ?? undefined,
  };
}
