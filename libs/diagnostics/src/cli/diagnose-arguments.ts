import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';

export const USAGE = `usage: npm run diagnose -- --client DIR [--certs DIR] [--json]

  --client  the onboarded folder to check (npm run onboard --out), e.g. onboarded/acme
  --certs   the sandbox's certs folder (npm start prints it), to compare ca.pem with the sandbox's own CA
  --json    the findings as JSON, for tools

Checks the folder against the running sandbox (the issuer and bank of its client.json) and prints one line per check:
✓ passed, ✗ a problem (with what to do under it), ! a warning, – not checked. Exits 1 when there is a problem.`;

export type DiagnoseCommand = { help: true } | { help: false; folder: string; certsDir?: string; json: boolean };

/** Reads the `diagnose` command line (node:util parseArgs). */
export function parseDiagnoseArguments(argv: string[]): DiagnoseCommand {
  const { values } = readCommandLine({
    args: argv,
    options: { client: { type: 'string' }, certs: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { help: true };
  if (!values.client) throw new UsageError('--client is required');
  return {
    help: false,
    folder: path.resolve(values.client),
    ...(values.certs && { certsDir: path.resolve(values.certs) }),
    json: values.json ?? false,
  };
}
