import { isPermission } from '@fapi/open-banking';
import {
  type AuthoriseAccountAccessConsent,
  type CreateAccountAccessConsent,
  type RevokeAccountAccessConsent,
  type RpcReply,
  ok,
} from '@fapi/nats-contract';
import {
  checkFields,
  fieldThat,
  identifier,
  invalid,
  isIdentifier,
  optionalIdentifier,
  parseConsentRequest,
  withConsentId,
  withFields,
} from '../request-parsing';

/** OB ISODateTime: a full date and time with seconds and a zone (Z or an offset), e.g. 2026-01-01T00:00:00+00:00. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isOptionalIsoDateTime = (value: unknown): value is string | undefined =>
  value === undefined || (typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));

const optionalIsoDateTime = fieldThat(isOptionalIsoDateTime, 'be an ISO 8601 date-time with a zone');

const permissionCodes = fieldThat(
  (value): value is CreateAccountAccessConsent['permissions'] => Array.isArray(value) && value.length > 0 && value.every(isPermission),
  'be a non-empty list of OB permission codes',
);

/** The accounts the PSU chose, each once. */
const accountIdList = (value: unknown, name: string): RpcReply<string[]> =>
  Array.isArray(value) && value.length > 0 && value.every(isIdentifier)
    ? ok([...new Set(value)])
    : invalid(`${name} must list at least one account id`);

export function parseCreateRequest(payload: unknown): RpcReply<CreateAccountAccessConsent> {
  return withFields(payload, (fields) =>
    checkFields(fields, {
      clientId: identifier,
      permissions: permissionCodes,
      expirationDateTime: optionalIsoDateTime,
      transactionFromDateTime: optionalIsoDateTime,
      transactionToDateTime: optionalIsoDateTime,
    }),
  );
}

export function parseAuthoriseRequest(payload: unknown): RpcReply<AuthoriseAccountAccessConsent> {
  return parseConsentRequest(payload, { clientId: identifier, psuId: identifier, accountIds: accountIdList });
}

/** OB v4: the TPP revokes its own consent (it names its client); the ASPSP revokes any. */
export function parseRevokeRequest(payload: unknown): RpcReply<RevokeAccountAccessConsent> {
  return withConsentId(payload, ({ consentId, clientId, revokedBy }) => {
    if (revokedBy !== 'TPP' && revokedBy !== 'ASPSP') return invalid('revokedBy must be "TPP" or "ASPSP"');
    if (revokedBy === 'TPP' && !isIdentifier(clientId)) return invalid('a revocation by the TPP must name its clientId');
    const client = optionalIdentifier(clientId, 'clientId');
    return client.ok ? ok({ consentId, clientId: client.value, revokedBy }) : client;
  });
}
