import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ACCOUNT_INFO_OPENAPI_FILE } from './account-info-api';

/**
 * Bank responses are validated against this copy of the official spec, so the copy must be the official file byte for
 * byte: the sha256 of OpenBankingUK/read-write-api-specs tag v4.0-Update-4, dist/openapi/account-info-openapi.json
 * (the same digest the workspace's reference copy in shared/specs/uk-ob/ publishes).
 */
describe('the AISP OpenAPI the bank and the tests use is the official v4.0 file', () => {
  it('has the official sha256', () => {
    const digest = createHash('sha256').update(readFileSync(ACCOUNT_INFO_OPENAPI_FILE)).digest('hex');
    expect(digest).toBe('09713f62a9105c9cde90927d0b7fd7dad0a49cfb6354bff78ef1bf5cfd2d6cd5');
  });
});
