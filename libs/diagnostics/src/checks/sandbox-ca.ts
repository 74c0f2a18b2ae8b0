import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { passed, problem, skipped } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';
import { issuedBy } from './transport-certificate-issuer';

/**
 * docs/architecture.md "Certificates folder": the running sandbox trusts its own ca.pem only, so a folder onboarded
 * at a sandbox whose certificates were made again holds a CA nobody trusts any more. Known only with --certs; without
 * it the TLS checks of the servers tell the same from the other side.
 */
export const sandboxCa: DiagnosticCheck = {
  id: 'sandbox-ca',
  title: "ca.pem is the sandbox's CA",
  needs: ['folder'],
  run(context) {
    const { certsDir } = context.options;
    if (!certsDir) return skipped("ca.pem is the sandbox's CA: not compared (give --certs DIR, the sandbox's certs folder); the servers' TLS checks below compare it");
    const sandboxCaFile = path.join(certsDir, 'ca.pem');
    if (!existsSync(sandboxCaFile)) return problem(`${sandboxCaFile} does not exist`, "give --certs the sandbox's certs folder (npm start prints it; default certs/out)");
    const sandboxCaPem = readFileSync(sandboxCaFile, 'utf8');
    const onboardAgain = `onboard again against this sandbox (npm run onboard -- --certs ${certsDir})`;
    if (new X509Certificate(sandboxCaPem).fingerprint256 !== new X509Certificate(context.onboarded.transport.caPem).fingerprint256) {
      return problem(`ca.pem is not the sandbox's CA (${sandboxCaFile}): the sandbox made new certificates since you onboarded`, onboardAgain);
    }
    if (!issuedBy(context.onboarded.transport.certPem, sandboxCaPem)) {
      return problem(`transport.pem is not issued by the sandbox's CA (${sandboxCaFile})`, onboardAgain);
    }
    return passed(`ca.pem is the sandbox's CA (${sandboxCaFile})`);
  },
};
