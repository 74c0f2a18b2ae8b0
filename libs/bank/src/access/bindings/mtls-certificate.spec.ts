import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { x5tS256 } from '@fapi/pki';
import { TestPki } from '@fapi/testing';
import { type TppCertificates, tppCertificates } from '../../testing/tpp-certificates';
import { requireBoundToken } from '../token-binding';
import { mtlsCertificateBinding } from './mtls-certificate';

/** A TLS connection as the binding sees it, counting how often its certificate is read. */
const connection = (authorized: boolean, pem?: string) => {
  const socket = {
    authorized,
    certificateReads: 0,
    renegotiationDisabled: false,
    getPeerX509Certificate: () => {
      socket.certificateReads++;
      return pem ? new X509Certificate(pem) : undefined;
    },
    disableRenegotiation: () => void (socket.renegotiationDisabled = true),
  };
  return socket;
};
const on = (socket: ReturnType<typeof connection>) => ({ socket }) as unknown as IncomingMessage;
const over = (authorized: boolean, pem?: string) => on(connection(authorized, pem));
const boundTo = (pem: string) => ({ client_id: 'tpp-a', cnf: { 'x5t#S256': x5tS256(pem) } });
const requireCertificateBound = (claims: ReturnType<typeof boundTo>, request: IncomingMessage) =>
  requireBoundToken(claims, { scheme: 'Bearer', token: 'token' }, request, [mtlsCertificateBinding]);

describe('a token is bound to the client certificate of the connection (RFC 8705)', () => {
  let pki: TestPki;
  let tpps: TppCertificates;
  beforeAll(async () => {
    pki = await TestPki.create();
    tpps = tppCertificates(pki);
  });
  afterAll(() => pki.remove());

  it('accepts the certificate the token is bound to, issued by the sandbox CA', async () => {
    await expect(requireCertificateBound(boundTo(tpps.tppA.cert), over(true, tpps.tppA.cert))).resolves.toBeUndefined();
  });

  it('another client certificate than cnf is 401', async () => {
    await expect(requireCertificateBound(boundTo(tpps.tppA.cert), over(true, tpps.tppB.cert))).rejects.toEqual(ObError.unauthorized());
  });

  it('no client certificate is 401', async () => {
    await expect(requireCertificateBound(boundTo(tpps.tppA.cert), over(false))).rejects.toEqual(ObError.unauthorized());
  });

  it('a certificate the sandbox CA did not issue is 401, even when the token names it', async () => {
    await expect(requireCertificateBound(boundTo(tpps.foreignTpp.cert), over(false, tpps.foreignTpp.cert))).rejects.toEqual(ObError.unauthorized());
  });

  it('reads a connection’s certificate once for all its requests, after disabling renegotiation (its one way to present another)', async () => {
    const keptAlive = connection(true, tpps.tppA.cert);
    for (let request = 0; request < 3; request++) {
      await expect(requireCertificateBound(boundTo(tpps.tppA.cert), on(keptAlive))).resolves.toBeUndefined();
    }
    expect(keptAlive).toMatchObject({ certificateReads: 1, renegotiationDisabled: true });
    await expect(requireCertificateBound(boundTo(tpps.tppB.cert), on(keptAlive))).rejects.toEqual(ObError.unauthorized());
    await expect(requireCertificateBound(boundTo(tpps.tppA.cert), over(true, tpps.tppB.cert))).rejects.toEqual(ObError.unauthorized());
  });
});
