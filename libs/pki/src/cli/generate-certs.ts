/**
 * `npm run certs [-- --out DIR] [--host SERVICE=HOST ...]`: creates or renews the sandbox CA, the service certificates
 * (naming the public hosts asked for), the AS and bank signing keys and the registration token in DIR (default:
 * $CERTS_DIR, else certs/out), keeping everything still valid.
 */
import path from 'node:path';
import { UsageError } from '@fapi/command-line';
import { generateSandboxCertificates, type GeneratedFile } from '../generate-sandbox-certificates';
import { parseCertsArguments, USAGE } from './certs-arguments';

const repoRoot = path.resolve(__dirname, '../../../..');

function summaryLine({ file, outcome, reason }: GeneratedFile): string {
  const relative = path.relative(process.cwd(), file);
  return `${outcome.padEnd(7)} ${relative.startsWith('..') ? file : relative}${reason ? ` (${reason})` : ''}`;
}

async function main(argv: string[]): Promise<void> {
  const command = parseCertsArguments(argv, { outDir: process.env.CERTS_DIR ?? path.join(repoRoot, 'certs', 'out') });
  if (command.help) return console.log(USAGE);
  const report = await generateSandboxCertificates(command.options);
  for (const file of report.files) console.log(summaryLine(file));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`certs: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`certs: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
});
