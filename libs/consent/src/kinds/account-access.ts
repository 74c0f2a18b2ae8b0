import { type AccountAccessConsent, CONSENT_ID_PREFIXES, CONSENT_KIND_SUBJECTS } from '@fapi/nats-contract';
import type { AccountAccessConsentStatus } from '@fapi/open-banking';
import { type ConsentKindDeclaration, type ConsentTransition, operationsOf } from '../engine/consent-kind';
import { parseClientRequest } from '../request-parsing';
import { askedByOwner } from '../rules/owning-client';
import { mayRevoke } from '../rules/revocation';
import { parseAuthoriseRequest, parseCreateRequest, parseRevokeRequest } from './account-access-requests';

/** Every status change an account-access consent can make after it is created. */
export const AccountAccessTransitions = {
  /** OB: the PSU approves (and picks the accounts) during the authorization-code flow; only an AWAU consent can be. */
  authorise: { name: 'authorise', from: ['AWAU'], to: 'AUTH' },
  /** OB: the PSU refuses (or the ASPSP's checks fail) while the consent awaits authorisation. */
  reject: { name: 'reject', from: ['AWAU'], to: 'RJCT' },
  /** OB v4: the TPP deletes the consent or the ASPSP revokes access; a RJCT, CANC or EXPD consent has nothing to revoke. */
  revoke: { name: 'revoke', from: ['AWAU', 'AUTH'], to: 'CANC' },
  /** OB v4: a consent whose ExpirationDateTime has passed is EXPD; only a live (AWAU or AUTH) consent expires. */
  expire: { name: 'expire', from: ['AWAU', 'AUTH'], to: 'EXPD' },
} as const satisfies Record<string, ConsentTransition<AccountAccessConsentStatus>>;

/** ExpirationDateTime is stored exactly as the TPP sent it (the ASPSP must not alter it); this is its instant. */
export const expirationOf = ({ expirationDateTime }: Pick<AccountAccessConsent, 'expirationDateTime'>): Date | undefined =>
  expirationDateTime === undefined ? undefined : new Date(expirationDateTime);

const subjects = CONSENT_KIND_SUBJECTS.accountAccess;
const operation = operationsOf<AccountAccessConsent>();

/** AISP: an account-access consent (POST /account-access-consents), which lets a TPP read the accounts the PSU chose. */
export const accountAccess: ConsentKindDeclaration<AccountAccessConsent> = {
  name: 'accountAccess',
  label: 'account-access consent',
  idPrefix: CONSENT_ID_PREFIXES.accountAccess,
  /** OB: a new account-access consent is AwaitingAuthorisation (AWAU) right after POST /account-access-consents. */
  initialStatus: 'AWAU',
  transitions: AccountAccessTransitions,
  create: operation.create({
    subject: subjects.create,
    parse: parseCreateRequest,
    stores: ({ permissions, expirationDateTime, transactionFromDateTime, transactionToDateTime }) => ({
      permissions,
      expirationDateTime,
      transactionFromDateTime,
      transactionToDateTime,
      accountIds: [],
    }),
  }),
  get: subjects.get,
  requests: {
    authorise: operation.transition({
      subject: subjects.authorise,
      parse: parseAuthoriseRequest,
      transition: AccountAccessTransitions.authorise,
      mayAct: askedByOwner,
      reason: ({ psuId }) => `authorised by PSU ${psuId}`,
      records: ({ psuId, accountIds }) => ({ psuId, accountIds }),
    }),
    reject: operation.transition({
      subject: subjects.reject,
      parse: parseClientRequest,
      transition: AccountAccessTransitions.reject,
      mayAct: askedByOwner,
      reason: () => 'rejected by the PSU',
    }),
    revoke: operation.transition({
      subject: subjects.revoke,
      parse: parseRevokeRequest,
      transition: AccountAccessTransitions.revoke,
      mayAct: mayRevoke,
      reason: ({ revokedBy }) => `revoked by the ${revokedBy}`,
    }),
  },
  expiry: { transition: AccountAccessTransitions.expire, expiresAt: expirationOf, reason: 'ExpirationDateTime passed' },
  statusChanged: subjects.statusChanged,
};
