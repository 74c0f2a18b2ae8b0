/**
 * FAPI 1.0 Advanced 8.5 on the running sandbox: the authorization server, the bank and the fintech each negotiate TLS
 * 1.2 only with the four permitted suites, or TLS 1.3; a TPP offering TLS 1.1 or another TLS 1.2 suite is refused at
 * the handshake. (The AS used to agree to ECDHE-RSA-AES128-SHA256.)
 */
import { FAPI_TLS12_CIPHER_SUITES } from '@fapi/service-runtime';
import { tlsHandshake } from '@fapi/testing';
import { sandbox } from '../support/sandbox-state';

const services = () => ({ 'authorization-server': sandbox().issuer, 'bank-api': sandbox().bankUrl, 'tpp-client': sandbox().tppUrl });
const portOf = (url: string) => Number(new URL(url).port);

describe.each(['authorization-server', 'bank-api', 'tpp-client'] as const)('%s', (service) => {
  const port = () => portOf(services()[service]);

  it('agrees to TLS 1.3 and to TLS 1.2 with each permitted suite', async () => {
    await expect(tlsHandshake('localhost', port(), { minVersion: 'TLSv1.3' })).resolves.toMatchObject({ protocol: 'TLSv1.3' });
    for (const suite of FAPI_TLS12_CIPHER_SUITES) {
      await expect(tlsHandshake('localhost', port(), { maxVersion: 'TLSv1.2', ciphers: suite })).resolves.toEqual({ protocol: 'TLSv1.2', cipher: suite });
    }
  });

  it('refuses TLS 1.1, and TLS 1.2 with a suite FAPI does not permit', async () => {
    await expect(tlsHandshake('localhost', port(), { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', legacy: true })).resolves.toEqual({
      refused: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
    await expect(tlsHandshake('localhost', port(), { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA256' })).resolves.toEqual({
      refused: 'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE',
    });
  });
});
