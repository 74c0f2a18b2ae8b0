/**
 * `npm run certs [-- --out DIR]`: creates or renews the sandbox CA, the service certificates, the AS and bank signing
 * keys and the registration token in DIR (default: $CERTS_DIR, else certs/out), keeping everything still valid.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSandboxCertificates, type GeneratedFile } from '../generate-sandbox-certificates';

const USAGE = 'usage: npm run certs [-- --out DIR] [--renew-within-days N]';
const repoRoot = path.resolve(__dirname, '../../../..');

function summaryLine({ file, outcome, reason }: GeneratedFile): string {
  const relative = path.relative(process.cwd(), file);
  return `${outcome.padEnd(7)} ${relative.startsWith('..') ? file : relative}${reason ? ` (${reason})` : ''}`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, 'renew-within-days': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return console.log(USAGE);
  const renewWithinDays = values['renew-within-days'] === undefined ? undefined : Number(values['renew-within-days']);
  if (renewWithinDays !== undefined && !(Number.isInteger(renewWithinDays) && renewWithinDays >= 0)) {
    throw new Error(`--renew-within-days must be a whole number of days\n${USAGE}`);
  }
  const outDir = path.resolve(values.out ?? process.env.CERTS_DIR ?? path.join(repoRoot, 'certs', 'out'));
  const report = await generateSandboxCertificates({ outDir, renewWithinDays });
  for (const file of report.files) console.log(summaryLine(file));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`certs: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
