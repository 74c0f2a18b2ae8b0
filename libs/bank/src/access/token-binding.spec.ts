import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ObError } from '@fapi/open-banking';
import { TestPki } from '@fapi/testing';
import { tppCertificates } from '../testing/tpp-certificates';
import { requireBoundToken, type TokenBinding } from './token-binding';
import { mtlsCertificateBinding } from './bindings/mtls-certificate';

const bearer = { scheme: 'Bearer' as const, token: 'token' };

describe('every access token is sender-constrained by one of the bank’s token bindings', () => {
  let pki: TestPki;
  let request: IncomingMessage;
  beforeAll(async () => {
    pki = await TestPki.create();
    const certificate = new X509Certificate(tppCertificates(pki).tppA.cert);
    request = { socket: { authorized: true, getPeerX509Certificate: () => certificate, disableRenegotiation: () => undefined } } as unknown as IncomingMessage;
  });
  afterAll(() => pki.remove());

  it('a token without cnf (bound to nothing) is 401', async () => {
    await expect(requireBoundToken({ client_id: 'tpp-a' }, bearer, request, [mtlsCertificateBinding])).rejects.toEqual(ObError.unauthorized());
  });

  it('the binding the token’s claims name is the one whose proof the request must carry', async () => {
    const proofsAsked: string[] = [];
    const binding = (name: string, binds: boolean): TokenBinding => ({
      scheme: 'Bearer',
      binds: () => binds,
      requireProof: () => void proofsAsked.push(name),
    });
    await requireBoundToken({ client_id: 'tpp-a' }, bearer, request, [binding('mtls', false), binding('other', true)]);
    expect(proofsAsked).toEqual(['other']);
  });
});
