import { parseGetRequest } from '../request-parsing';
import { accountAccess } from './account-access';
import { parseAuthoriseRequest, parseCreateRequest, parseRevokeRequest } from './account-access-requests';

const parseRejectRequest = accountAccess.requests.reject.parse;

const refusedAsInvalid = { ok: false, error: { code: 'INVALID', message: expect.any(String) } };

describe('a consent request is checked against its contract type before it is used', () => {
  it('a payload that is not a JSON object is INVALID', () => {
    for (const payload of [null, undefined, 'c-1', 42, ['c-1']]) {
      expect(parseGetRequest(payload)).toEqual(refusedAsInvalid);
      expect(parseCreateRequest(payload)).toEqual(refusedAsInvalid);
    }
  });

  describe('create', () => {
    const valid = { clientId: 'tpp-a', permissions: ['ReadAccountsBasic'] };

    it('accepts a client, at least one OB permission and optional ISO 8601 date-times', () => {
      const request = {
        ...valid,
        expirationDateTime: '2026-01-01T00:00:00+01:00',
        transactionFromDateTime: '2025-01-01T00:00:00Z',
      };
      expect(parseCreateRequest(request)).toEqual({ ok: true, value: request });
    });

    it('refuses a missing client, no permissions or an unknown permission', () => {
      expect(parseCreateRequest({ ...valid, clientId: '' })).toEqual(refusedAsInvalid);
      expect(parseCreateRequest({ ...valid, permissions: [] })).toEqual(refusedAsInvalid);
      expect(parseCreateRequest({ ...valid, permissions: ['ReadEverything'] })).toEqual(refusedAsInvalid);
    });

    it('refuses a date-time that is not ISO 8601 with a zone', () => {
      expect(parseCreateRequest({ ...valid, expirationDateTime: 'tomorrow' })).toEqual(refusedAsInvalid);
      expect(parseCreateRequest({ ...valid, expirationDateTime: '2026-01-01T00:00:00' })).toEqual(refusedAsInvalid);
      expect(parseCreateRequest({ ...valid, transactionToDateTime: '2026-13-45T00:00:00Z' })).toEqual(refusedAsInvalid);
    });
  });

  it('get needs a consentId and allows an optional clientId', () => {
    expect(parseGetRequest({ consentId: 'c-1' })).toEqual({ ok: true, value: { consentId: 'c-1' } });
    expect(parseGetRequest({ consentId: 42 })).toEqual(refusedAsInvalid);
    expect(parseGetRequest({ consentId: 'c-1', clientId: 7 })).toEqual(refusedAsInvalid);
  });

  it('authorise needs the client, the PSU and at least one account', () => {
    const valid = { consentId: 'c-1', clientId: 'tpp-a', psuId: 'psu-1', accountIds: ['acc-1', 'acc-1', 'acc-2'] };
    expect(parseAuthoriseRequest(valid)).toEqual({ ok: true, value: { ...valid, accountIds: ['acc-1', 'acc-2'] } });
    expect(parseAuthoriseRequest({ ...valid, psuId: undefined })).toEqual(refusedAsInvalid);
    expect(parseAuthoriseRequest({ ...valid, accountIds: [] })).toEqual(refusedAsInvalid);
    expect(parseAuthoriseRequest({ ...valid, clientId: undefined })).toEqual(refusedAsInvalid);
  });

  it('reject needs the client', () => {
    expect(parseRejectRequest({ consentId: 'c-1', clientId: 'tpp-a' }).ok).toBe(true);
    expect(parseRejectRequest({ consentId: 'c-1' })).toEqual(refusedAsInvalid);
  });

  describe('identifiers are 1 to 128 characters without control characters (else INVALID, before any query)', () => {
    const hostile = ['a\u0000', 'a\nb', 'a\u007f', 'a\u0085', 'c'.repeat(129)];

    it.each(hostile.map((id) => [JSON.stringify(id).slice(0, 20), id]))('refuses %s as consentId, clientId, psuId or account id', (_shown, id) => {
      const authorise = { consentId: 'c-1', clientId: 'tpp-a', psuId: 'psu-1', accountIds: ['acc-1'] };
      expect(parseGetRequest({ consentId: id })).toEqual(refusedAsInvalid);
      expect(parseGetRequest({ consentId: 'c-1', clientId: id })).toEqual(refusedAsInvalid);
      expect(parseCreateRequest({ clientId: id, permissions: ['ReadAccountsBasic'] })).toEqual(refusedAsInvalid);
      for (const change of [{ consentId: id }, { clientId: id }, { psuId: id }, { accountIds: ['acc-1', id] }]) {
        expect(parseAuthoriseRequest({ ...authorise, ...change })).toEqual(refusedAsInvalid);
      }
      expect(parseRevokeRequest({ consentId: 'c-1', revokedBy: 'TPP', clientId: id })).toEqual(refusedAsInvalid);
      expect(parseRejectRequest({ consentId: id, clientId: 'tpp-a' })).toEqual(refusedAsInvalid);
    });

    it('accepts an identifier of exactly 128 characters', () => {
      expect(parseGetRequest({ consentId: 'c'.repeat(128) })).toEqual({ ok: true, value: { consentId: 'c'.repeat(128) } });
    });
  });

  it('revoke names who revokes, and a TPP revocation names the client', () => {
    expect(parseRevokeRequest({ consentId: 'c-1', revokedBy: 'ASPSP' }).ok).toBe(true);
    expect(parseRevokeRequest({ consentId: 'c-1', revokedBy: 'TPP', clientId: 'tpp-a' }).ok).toBe(true);
    expect(parseRevokeRequest({ consentId: 'c-1', revokedBy: 'TPP' })).toEqual(refusedAsInvalid);
    expect(parseRevokeRequest({ consentId: 'c-1', revokedBy: 'PSU' })).toEqual(refusedAsInvalid);
  });
});
