import { Injectable } from '@nestjs/common';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import type { AccountAccessConsent, CreateAccountAccessConsent } from '@fapi/nats-contract';
import { type AccountAccessConsent as ConsentRow, Prisma, type PrismaClient } from '../generated/prisma';
import { ConsentDatabase } from './consent-database';

export interface NewConsent extends CreateAccountAccessConsent {
  consentId: string;
  status: AccountAccessConsentStatus;
  at: Date;
  reason: string;
}

/** One status change, applied only if the consent still has the status it was read with. */
export interface StatusChange {
  consentId: string;
  from: AccountAccessConsentStatus;
  to: AccountAccessConsentStatus;
  at: Date;
  reason: string;
  /** Whether the consent's ExpirationDateTime must have passed at `at` (expiry) or not (every other change). */
  expiry: 'passed' | 'not-passed';
  /** Recorded on authorisation: the PSU and the accounts they chose. */
  authorisation?: { psuId: string; accountIds: string[] };
}

/** Account-access consents and their status history in the consent service's own PostgreSQL database. */
@Injectable()
export class AccountAccessConsentStore {
  private readonly prisma: PrismaClient;

  constructor(database: ConsentDatabase) {
    this.prisma = database.prisma;
  }

  /** Stores a new consent together with the history row of its creation. */
  async create(consent: NewConsent): Promise<AccountAccessConsent> {
    const row = await this.prisma.accountAccessConsent.create({
      data: {
        id: consent.consentId,
        clientId: consent.clientId,
        status: consent.status,
        permissions: consent.permissions,
        creationDateTime: consent.at,
        statusUpdateDateTime: consent.at,
        expirationDateTime: consent.expirationDateTime,
        expiresAt: consent.expirationDateTime === undefined ? undefined : new Date(consent.expirationDateTime),
        transactionFromDateTime: consent.transactionFromDateTime,
        transactionToDateTime: consent.transactionToDateTime,
        accountIds: [],
        statusHistory: { create: { fromStatus: null, toStatus: consent.status, at: consent.at, reason: consent.reason } },
      },
    });
    return toContract(row);
  }

  async find(consentId: string): Promise<AccountAccessConsent | undefined> {
    const row = await this.prisma.accountAccessConsent.findUnique({ where: { id: consentId } });
    return row ? toContract(row) : undefined;
  }

  /**
   * Applies a status change atomically with its history row. The update is conditional on the status the caller
   * read (`WHERE status = from`), so of two concurrent changes to one consent only the first commits; the other
   * gets undefined and must re-read.
   */
  async changeStatus(change: StatusChange): Promise<AccountAccessConsent | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.accountAccessConsent.updateMany({
        where: { id: change.consentId, status: change.from, ...expiryCondition(change) },
        data: { status: change.to, statusUpdateDateTime: change.at, ...change.authorisation },
      });
      if (count === 0) return undefined;
      await tx.accountAccessConsentStatusChange.create({
        data: {
          consentId: change.consentId,
          fromStatus: change.from,
          toStatus: change.to,
          at: change.at,
          reason: change.reason,
        },
      });
      return toContract(await tx.accountAccessConsent.findUniqueOrThrow({ where: { id: change.consentId } }));
    });
  }

  /** The ids of consents in one of `statuses` whose ExpirationDateTime has passed at `now`. */
  async findExpiredIds(statuses: readonly AccountAccessConsentStatus[], now: Date): Promise<string[]> {
    const rows = await this.prisma.accountAccessConsent.findMany({
      where: { status: { in: [...statuses] }, expiresAt: { lte: now } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }
}

function expiryCondition(change: StatusChange): Prisma.AccountAccessConsentWhereInput {
  return change.expiry === 'passed'
    ? { expiresAt: { lte: change.at } }
    : { OR: [{ expiresAt: null }, { expiresAt: { gt: change.at } }] };
}

function toContract(row: ConsentRow): AccountAccessConsent {
  return {
    consentId: row.id,
    clientId: row.clientId,
    status: row.status,
    permissions: row.permissions as AccountAccessConsent['permissions'],
    creationDateTime: row.creationDateTime.toISOString(),
    statusUpdateDateTime: row.statusUpdateDateTime.toISOString(),
    expirationDateTime: row.expirationDateTime ?? undefined,
    transactionFromDateTime: row.transactionFromDateTime ?? undefined,
    transactionToDateTime: row.transactionToDateTime ?? undefined,
    psuId: row.psuId ?? undefined,
    accountIds: row.accountIds,
  };
}
