import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';
import { parsePublicHosts } from '../public-hosts';
import type { GenerationOptions } from '../generate-sandbox-certificates';

export const USAGE = `usage: npm run certs [-- --out DIR] [--renew-within-days N] [--host SERVICE=HOST ...]

  --out                the certs folder (default $CERTS_DIR, else certs/out)
  --renew-within-days  issue again a certificate that expires within N days (default 30)
  --host               a public host name the service's certificate carries besides localhost and its Service name,
                       e.g. --host authorization-server=auth.sandbox.example.com (one per host; SERVICE is
                       authorization-server, bank-api or tpp-client). A certificate that does not name every host
                       asked for is issued again; give the same --host options at every renewal.`;

export interface CertsDefaults {
  /** --out when not given. */
  outDir: string;
}

export type CertsCommand = { help: true } | { help: false; options: GenerationOptions };

/** The options of `npm run certs`; every mistake is a UsageError. */
export function parseCertsArguments(argv: string[], defaults: CertsDefaults): CertsCommand {
  const { values } = readCommandLine({
    args: argv,
    options: {
      out: { type: 'string' },
      'renew-within-days': { type: 'string' },
      host: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  const renewWithinDays = values['renew-within-days'] === undefined ? undefined : Number(values['renew-within-days']);
  if (renewWithinDays !== undefined && !(Number.isInteger(renewWithinDays) && renewWithinDays >= 0)) {
    throw new UsageError('--renew-within-days must be a whole number of days');
  }
  let publicHosts;
  try {
    publicHosts = parsePublicHosts(values.host ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { help: false, options: { outDir: path.resolve(values.out ?? defaults.outDir), renewWithinDays, publicHosts } };
}
