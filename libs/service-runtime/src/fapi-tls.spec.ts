/**
 * FAPI 1.0 Advanced 8.5 (issue 9): every HTTPS service started by startHttpsService negotiates TLS 1.2 only with the
 * four permitted suites, or TLS 1.3; TLS 1.1 and any other TLS 1.2 suite are refused at the handshake.
 */
import { type INestApplication, Module } from '@nestjs/common';
import { freePort, overrideEnvironment, TestPki, tlsHandshake } from '@fapi/testing';
import { startHttpsService } from './start-service';
import { FAPI_TLS12_CIPHER_SUITES } from './fapi-tls';

jest.setTimeout(60_000);

@Module({})
class EmptyModule {}

describe('every HTTPS service speaks only the TLS FAPI permits (FAPI 1.0 Advanced 8.5)', () => {
  let restoreEnvironment: (() => void) | undefined;
  let pki: TestPki;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    pki = await TestPki.create();
    port = await freePort();
    restoreEnvironment = overrideEnvironment({ CERTS_DIR: pki.certsDir, PORT: String(port), HOST: '127.0.0.1' });
    app = await startHttpsService(EmptyModule, { identity: 'bank-api', publicUrl: `https://localhost:${port}`, readiness: [] });
  });
  afterAll(async () => {
    await app?.close();
    pki?.remove();
    restoreEnvironment?.();
  });

  it.each(FAPI_TLS12_CIPHER_SUITES)('accepts TLS 1.2 with %s', async (suite) => {
    await expect(tlsHandshake('127.0.0.1', port, { maxVersion: 'TLSv1.2', ciphers: suite })).resolves.toEqual({ protocol: 'TLSv1.2', cipher: suite });
  });

  it('accepts TLS 1.3', async () => {
    await expect(tlsHandshake('127.0.0.1', port, { minVersion: 'TLSv1.3' })).resolves.toMatchObject({ protocol: 'TLSv1.3' });
  });

  it.each(['ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'])(
    'refuses TLS 1.2 with %s, a suite FAPI does not permit',
    async (suite) => {
      await expect(tlsHandshake('127.0.0.1', port, { maxVersion: 'TLSv1.2', ciphers: suite })).resolves.toEqual({ refused: 'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE' });
    },
  );

  it.each(['TLSv1', 'TLSv1.1'] as const)('refuses %s', async (version) => {
    await expect(tlsHandshake('127.0.0.1', port, { minVersion: version, maxVersion: version, legacy: true })).resolves.toEqual({
      refused: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
  });
});
