import { availableParallelism } from 'node:os';
import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';
// The rule alone: the package's index loads NestJS.
import { isInstanceCount, MOST_INSTANCES } from '@fapi/service-runtime/dist/service-instances';
import { SAMPLE_FINTECH_PROFILES, type SampleFintechProfile } from '../sample-fintech';
import { DEFAULT_PORT_BASE } from '../sandbox-environment';

export const USAGE = `usage: npm start [-- --reset] [--home DIR] [--port-base N] [--instances N|auto] [--no-build] [--fintech-profile fapi1-advanced|fapi2]

  --reset       start from scratch: the sandbox home (database, JetStream store, certificates, onboarded fintech) is emptied
  --home        the sandbox home (default .sandbox)
  --port-base   the authorization server's port; the bank, the fintech and consent-service's health port follow it
                (default ${DEFAULT_PORT_BASE}: 8443, 8444, 8445, 8446)
  --instances   how many instances of consent-service, bank-api and the authorization server run, each service's
                instances sharing its one port (default 1; auto: one per core, here ${availableParallelism()})
  --no-build    skip the build stage (when you have just run npm run build)
  --fintech-profile  the sample fintech as a FAPI 1.0 Advanced client (default: PAR + JARM) or a FAPI 2.0 one
                (DPoP-bound, signed requests and responses); it is onboarded again when its profile changes`;

export interface StartArguments {
  help: boolean;
  home: string;
  portBase: number;
  /** Instances of each service that keeps nothing a journey needs in its memory (SERVICE_INSTANCES). */
  instances: number;
  reset: boolean;
  build: boolean;
  fintechProfile: SampleFintechProfile;
}

const HIGHEST_PORT_BASE = 65535 - 3;

/** `cores`: what `--instances auto` means (the machine's available parallelism). */
export function parseStartArguments(argv: string[], repoRoot: string, cores = availableParallelism()): StartArguments {
  const { values } = readCommandLine({
    args: argv,
    options: {
      reset: { type: 'boolean', default: false },
      home: { type: 'string' },
      'port-base': { type: 'string' },
      instances: { type: 'string', default: '1' },
      'no-build': { type: 'boolean', default: false },
      'fintech-profile': { type: 'string', default: 'fapi1-advanced' },
      help: { type: 'boolean', default: false },
    },
  });
  const portBase = values['port-base'] === undefined ? DEFAULT_PORT_BASE : Number(values['port-base']);
  if (!Number.isInteger(portBase) || portBase < 1 || portBase > HIGHEST_PORT_BASE) {
    throw new UsageError(`--port-base must be a port number from 1 to ${HIGHEST_PORT_BASE}, not "${values['port-base']}"`);
  }
  const instances = values.instances === 'auto' ? Math.min(cores, MOST_INSTANCES) : /^\d+$/.test(values.instances) ? Number(values.instances) : NaN;
  if (!isInstanceCount(instances)) {
    throw new UsageError(`--instances must be a whole number from 1 to ${MOST_INSTANCES}, or auto (one per core), not "${values.instances}"`);
  }
  const fintechProfile = values['fintech-profile'] as SampleFintechProfile;
  if (!Object.hasOwn(SAMPLE_FINTECH_PROFILES, fintechProfile)) {
    throw new UsageError(`--fintech-profile must be ${Object.keys(SAMPLE_FINTECH_PROFILES).join(' or ')}, not "${fintechProfile}"`);
  }
  return {
    help: values.help,
    home: path.resolve(values.home ?? path.join(repoRoot, '.sandbox')),
    portBase,
    instances,
    reset: values.reset,
    build: !values['no-build'],
    fintechProfile,
  };
}
