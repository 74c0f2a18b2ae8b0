import type { TestCertificate, TestPki } from '@fapi/testing';

/**
 * The TPPs of the bank's tests by their transport certificates: TPP A and TPP B from the sandbox CA, and TPP A's name
 * on a certificate from a CA the bank must not trust.
 */
export interface TppCertificates {
  tppA: TestCertificate;
  tppB: TestCertificate;
  foreignTpp: TestCertificate;
}

export const tppCertificates = (pki: TestPki): TppCertificates => ({
  tppA: pki.clientCertificate('TPP A'),
  tppB: pki.clientCertificate('TPP B'),
  foreignTpp: pki.foreignCertificate('TPP A'),
});
