import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ACCOUNT_INFO_OPENAPI_FILE } from './account-info-api';
import { PAYMENT_INITIATION_OPENAPI_FILE } from './payment-initiation-api';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Bank responses are validated against these copies of the official specs, so each copy must be the official file
 * byte for byte: the sha256 of OpenBankingUK/read-write-api-specs tag v4.0-Update-4, dist/openapi/<file>.json
 * (the same digests the workspace's reference copies in shared/specs/uk-ob/ publish).
 */
describe('the OpenAPI files the bank and the tests use are the official v4.0 files', () => {
  it('the AISP spec has the official sha256', () => {
    expect(sha256(ACCOUNT_INFO_OPENAPI_FILE)).toBe('09713f62a9105c9cde90927d0b7fd7dad0a49cfb6354bff78ef1bf5cfd2d6cd5');
  });

  it('the PISP spec has the official sha256', () => {
    expect(sha256(PAYMENT_INITIATION_OPENAPI_FILE)).toBe('4803f0df2a861fe746d018ea96eb4b73570ba95479361f67d4489593cfc58531');
  });
});
