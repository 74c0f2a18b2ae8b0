/**
 * `npm run onboard -- --name NAME --redirect-uri URL [--profile ...] --auth-method ... --response-style ...`: onboards
 * a TPP (or a teaching client) at the sandbox (transport certificate, signing key, dynamic client registration) and
 * writes its folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sandboxConfig } from '@fapi/service-runtime';
import { onboardTeachingClient, onboardTpp, type OnboardTeachingClientOptions, type OnboardTppOptions } from '../onboard-tpp';
import type { OnboardedTeachingClient, OnboardedTpp } from '../onboarded-tpp';
import { loadOnboardedTeachingClient, loadOnboardedTpp, OnboardedFiles } from '../onboarded-folder';
import { UsageError } from '@fapi/command-line';
import { parseOnboardArguments, USAGE } from './onboard-arguments';

const shown = (dir: string) => path.relative(process.cwd(), dir) || '.';

/**
 * "fapi2, private_key_jwt, dpop-bound, signed requests, PS256" or "teaching, none": what the client registered, in the
 * order of the options.
 */
const registeredAs = (client: OnboardedTpp | OnboardedTeachingClient): string =>
  [
    client.profile,
    client.authMethod,
    ...(client.profile === 'teaching' ? [] : client.profile === 'fapi1-advanced' ? [client.responseStyle] : [`${client.senderConstraint}-bound`, `${client.requestObject} requests`]),
    client.signingAlg,
  ]
    .filter(Boolean)
    .join(', ');

const isTeaching = (options: OnboardTppOptions | OnboardTeachingClientOptions): options is OnboardTeachingClientOptions => options.profile === 'teaching';

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
    const kept = isTeaching(options) ? loadOnboardedTeachingClient(options.outDir) : loadOnboardedTpp(options.outDir);
    return console.log(`kept      ${shown(options.outDir)} (already onboarded as client ${kept.clientId} at ${kept.issuer})`);
  }
  const tpp = isTeaching(options) ? await onboardTeachingClient(options) : await onboardTpp(options);
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
