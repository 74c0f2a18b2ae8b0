/**
 * `npm run onboard -- --name NAME --redirect-uri URL [--profile ...] --auth-method ... --response-style ...`: onboards
 * a TPP at the sandbox (transport certificate, signing key, dynamic client registration) and writes its folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sandboxConfig } from '@fapi/service-runtime';
import { onboardTpp } from '../onboard-tpp';
import type { OnboardedTpp } from '../onboarded-tpp';
import { loadOnboardedTpp, OnboardedFiles } from '../onboarded-folder';
import { parseOnboardArguments, USAGE, UsageError } from './onboard-arguments';

const shown = (dir: string) => path.relative(process.cwd(), dir) || '.';

/** "fapi2, private_key_jwt, dpop-bound, signed requests, PS256": what the TPP registered, in the order of the options. */
const registeredAs = (tpp: OnboardedTpp): string =>
  [
    tpp.profile,
    tpp.authMethod,
    ...(tpp.profile === 'fapi1-advanced' ? [tpp.responseStyle] : [`${tpp.senderConstraint}-bound`, `${tpp.requestObject} requests`]),
    tpp.signingAlg,
  ].join(', ');

async function main(argv: string[]): Promise<void> {
  const config = sandboxConfig();
  const command = parseOnboardArguments(argv, {
    certsDir: config.certsDir,
    issuer: config.issuer,
    bankUrl: config.bankUrl,
    onboardedRoot: path.join(repoRoot, 'onboarded'),
  });
  if (command.help) return console.log(USAGE);
  const { options } = command;
  if (command.ifAbsent && existsSync(path.join(options.outDir, OnboardedFiles.client))) {
    const tpp = loadOnboardedTpp(options.outDir);
    return console.log(`kept      ${shown(options.outDir)} (already onboarded as client ${tpp.clientId} at ${tpp.issuer})`);
  }
  const tpp = await onboardTpp(options);
  console.log(
    `onboarded "${tpp.clientName}" as client ${tpp.clientId} at ${tpp.issuer} ` +
      `(${registeredAs(tpp)}) → ${shown(options.outDir)}`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`onboard: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`onboard: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
});
