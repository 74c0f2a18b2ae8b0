import { contextWith, fakeSandbox, onboardedTppForThisFile } from '../testing/fake-sandbox';
import { transportCertificateDates } from './transport-certificate-dates';
import { transportCertificateIssuer } from './transport-certificate-issuer';

const onboarded = onboardedTppForThisFile();

const { https } = fakeSandbox(() => {
  throw new Error('the certificate checks read the folder only');
});

const DAY_MS = 24 * 3600 * 1000;

describe('the transport certificate, read from the folder', () => {
  it('valid today (a one-day test certificate)', async () => {
    expect(await transportCertificateDates.run(contextWith(onboarded.tpp, https))).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^transport\.pem is valid until \d{4}-\d\d-\d\d$/) });
  });

  it('expired, judged by the clock given (days later)', async () => {
    const inThreeDays = () => new Date(Date.now() + 3 * DAY_MS);
    expect(await transportCertificateDates.run(contextWith(onboarded.tpp, https, inThreeDays))).toMatchObject({ status: 'problem', summary: expect.stringMatching(/^transport\.pem expired on /) });
  });

  it('issued by the CA of ca.pem, and not by another CA of the same name', async () => {
    expect(await transportCertificateIssuer.run(contextWith(onboarded.tpp, https))).toEqual({ status: 'ok', summary: 'transport.pem is issued by the CA in ca.pem (CN=FAPI Sandbox CA,O=FAPI Sandbox,C=GB)' });
    const foreign = onboarded.pki.foreignCertificate('Faked Fintech');
    const withForeign = { ...onboarded.tpp, transport: { ...onboarded.tpp.transport, certPem: foreign.cert, keyPem: foreign.key } };
    expect(await transportCertificateIssuer.run(contextWith(withForeign, https))).toMatchObject({
      status: 'problem',
      summary: 'transport.pem is not issued by the CA in ca.pem (it names the issuer CN=FAPI Sandbox CA,O=FAPI Sandbox,C=GB, but that CA did not sign it)',
    });
  });
});
