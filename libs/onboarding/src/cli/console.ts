/**
 * `npm run console -- --client onboarded/acme`: prints a one-time login link to the TPP's developer console
 * (<issuer>/console: its recent requests at the authorization server and the bank), valid for 10 minutes.
 */
import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';
import { consoleLoginLink } from '../console-login-link';
import { loadOnboardedTpp } from '../onboarded-folder';

const USAGE = `usage: npm run console -- --client DIR

  --client  the onboarded folder (npm run onboard --out), e.g. onboarded/acme

Prints a login link to the client's developer console: open it (once, within 10 minutes) in a browser.`;

async function main(argv: string[]): Promise<void> {
  const { values } = readCommandLine({ args: argv, options: { client: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(USAGE);
  if (!values.client) throw new UsageError('--client is required');
  const tpp = loadOnboardedTpp(path.resolve(values.client));
  const { link, expiresIn } = await consoleLoginLink(tpp);
  console.log(`Developer console of ${tpp.clientName} (${tpp.clientId}), open once within ${Math.round(expiresIn / 60)} minutes:\n  ${link}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`console: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(`console: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
