import { authorizationServerReachable } from './checks/authorization-server-reachable';
import { bankReachable } from './checks/bank-reachable';
import { clientAuthentication } from './checks/client-authentication';
import { clientRegistered } from './checks/client-registered';
import { clockSkew } from './checks/clock-skew';
import type { DiagnosticCheck } from './checks/diagnostic-check';
import { folderReadable } from './checks/folder-readable';
import { redirectUrisRegistered } from './checks/redirect-uris-registered';
import { sandboxCa } from './checks/sandbox-ca';
import { signingKeyRegistered } from './checks/signing-key-registered';
import { transportCertificateDates } from './checks/transport-certificate-dates';
import { transportCertificateIssuer } from './checks/transport-certificate-issuer';

/**
 * What `diagnose` checks, in order: the folder alone first, then whether the servers answer and agree on the time, then
 * the client's own requests, each after what would make it meaningless (its `needs`).
 */
export const DIAGNOSTIC_CHECKS: readonly DiagnosticCheck[] = [
  folderReadable,
  transportCertificateDates,
  transportCertificateIssuer,
  sandboxCa,
  authorizationServerReachable,
  bankReachable,
  clockSkew,
  clientRegistered,
  clientAuthentication,
  signingKeyRegistered,
  redirectUrisRegistered,
];
