import type { TLSSocket } from 'node:tls';
import { ObError } from '@fapi/open-banking';
import { x5tS256 } from '@fapi/pki';
import { createTestPki } from '../../test-support/test-pki';
import { requireCertificateBoundToken } from './certificate-binding';

const pki = createTestPki();
const raw = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const socket = (authorized: boolean, pem?: string) =>
  ({ authorized, getPeerCertificate: () => (pem ? { raw: raw(pem) } : {}) }) as unknown as TLSSocket;
const boundTo = (pem: string) => ({ client_id: 'tpp-a', cnf: { 'x5t#S256': x5tS256(pem) } });

describe('a token is bound to the client certificate of the connection (RFC 8705)', () => {
  it('accepts the certificate the token is bound to, issued by the sandbox CA', () => {
    expect(() => requireCertificateBoundToken(boundTo(pki.tppA.cert), socket(true, pki.tppA.cert))).not.toThrow();
  });

  it('another client certificate than cnf is 401', () => {
    expect(() => requireCertificateBoundToken(boundTo(pki.tppA.cert), socket(true, pki.tppB.cert))).toThrow(ObError.unauthorized());
  });

  it('no client certificate is 401', () => {
    expect(() => requireCertificateBoundToken(boundTo(pki.tppA.cert), socket(false))).toThrow(ObError.unauthorized());
  });

  it('a certificate the sandbox CA did not issue is 401, even when the token names it', () => {
    expect(() => requireCertificateBoundToken(boundTo(pki.foreignTpp.cert), socket(false, pki.foreignTpp.cert))).toThrow(
      ObError.unauthorized(),
    );
  });

  it('a token without cnf is 401', () => {
    expect(() => requireCertificateBoundToken({ client_id: 'tpp-a' }, socket(true, pki.tppA.cert))).toThrow(ObError.unauthorized());
  });
});
