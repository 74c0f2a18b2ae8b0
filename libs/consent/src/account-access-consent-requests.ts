import { isPermission } from '@fapi/open-banking';
import {
  type AuthoriseAccountAccessConsent,
  type CreateAccountAccessConsent,
  type GetAccountAccessConsent,
  type RejectAccountAccessConsent,
  type RevokeAccountAccessConsent,
  type RpcReply,
  ok,
} from '@fapi/nats-contract';
import { invalid, isNonEmptyString, withConsentId, withFields } from './request-parsing';

/** OB ISODateTime: a full date and time with seconds and a zone (Z or an offset), e.g. 2026-01-01T00:00:00+00:00. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isIsoDateTime = (value: unknown): value is string =>
  typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

const isNonEmptyStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString);

export function parseCreateRequest(payload: unknown): RpcReply<CreateAccountAccessConsent> {
  return withFields(payload, (fields) => {
    const { clientId, permissions, expirationDateTime, transactionFromDateTime, transactionToDateTime } = fields;
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    if (!Array.isArray(permissions) || permissions.length === 0 || !permissions.every(isPermission)) {
      return invalid('permissions must be a non-empty list of OB permission codes');
    }
    const dates = { expirationDateTime, transactionFromDateTime, transactionToDateTime };
    for (const [name, value] of Object.entries(dates)) {
      if (value !== undefined && !isIsoDateTime(value)) {
        return invalid(`${name} must be an ISO 8601 date-time with a zone`);
      }
    }
    return ok({ clientId, permissions, ...(dates as Pick<CreateAccountAccessConsent, keyof typeof dates>) });
  });
}

export function parseGetRequest(payload: unknown): RpcReply<GetAccountAccessConsent> {
  return withConsentId(payload, ({ consentId, clientId }) => {
    if (clientId !== undefined && !isNonEmptyString(clientId)) {
      return invalid('clientId, when set, must be a non-empty string');
    }
    return ok({ consentId, clientId });
  });
}

export function parseAuthoriseRequest(payload: unknown): RpcReply<AuthoriseAccountAccessConsent> {
  return withConsentId(payload, ({ consentId, clientId, psuId, accountIds }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    if (!isNonEmptyString(psuId)) return invalid('psuId must be a non-empty string');
    if (!isNonEmptyStringList(accountIds)) return invalid('accountIds must list at least one account id');
    return ok({ consentId, clientId, psuId, accountIds: [...new Set(accountIds)] });
  });
}

export function parseRejectRequest(payload: unknown): RpcReply<RejectAccountAccessConsent> {
  return withConsentId(payload, ({ consentId, clientId }) => {
    if (!isNonEmptyString(clientId)) return invalid('clientId must be a non-empty string');
    return ok({ consentId, clientId });
  });
}

export function parseRevokeRequest(payload: unknown): RpcReply<RevokeAccountAccessConsent> {
  return withConsentId(payload, ({ consentId, clientId, revokedBy }) => {
    if (revokedBy !== 'TPP' && revokedBy !== 'ASPSP') return invalid('revokedBy must be "TPP" or "ASPSP"');
    if (revokedBy === 'TPP' && !isNonEmptyString(clientId)) {
      return invalid('a revocation by the TPP must name its clientId');
    }
    if (clientId !== undefined && !isNonEmptyString(clientId)) {
      return invalid('clientId, when set, must be a non-empty string');
    }
    return ok({ consentId, clientId, revokedBy });
  });
}
