import path from 'node:path';
import { readCommandLine, UsageError } from '@fapi/command-line';
import { SAMPLE_FINTECH_PROFILES, type SampleFintechProfile } from '../sample-fintech';
import { DEFAULT_PORT_BASE } from '../sandbox-environment';

export const USAGE = `usage: npm start [-- --reset] [--home DIR] [--port-base N] [--no-build] [--fintech-profile fapi1-advanced|fapi2]

  --reset       start from scratch: the sandbox home (database, JetStream store, certificates, onboarded fintech) is emptied
  --home        the sandbox home (default .sandbox)
  --port-base   the authorization server's port; the bank, the fintech and consent-service's health port follow it
                (default ${DEFAULT_PORT_BASE}: 8443, 8444, 8445, 8446)
  --no-build    skip the build stage (when you have just run npm run build)
  --fintech-profile  the sample fintech as a FAPI 1.0 Advanced client (default: PAR + JARM) or a FAPI 2.0 one
                (DPoP-bound, signed requests and responses); it is onboarded again when its profile changes`;

export interface StartArguments {
  help: boolean;
  home: string;
  portBase: number;
  reset: boolean;
  build: boolean;
  fintechProfile: SampleFintechProfile;
}

const HIGHEST_PORT_BASE = 65535 - 3;

export function parseStartArguments(argv: string[], repoRoot: string): StartArguments {
  const { values } = readCommandLine({
    args: argv,
    options: {
      reset: { type: 'boolean', default: false },
      home: { type: 'string' },
      'port-base': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'fintech-profile': { type: 'string', default: 'fapi1-advanced' },
      help: { type: 'boolean', default: false },
    },
  });
  const portBase = values['port-base'] === undefined ? DEFAULT_PORT_BASE : Number(values['port-base']);
  if (!Number.isInteger(portBase) || portBase < 1 || portBase > HIGHEST_PORT_BASE) {
    throw new UsageError(`--port-base must be a port number from 1 to ${HIGHEST_PORT_BASE}, not "${values['port-base']}"`);
  }
  const fintechProfile = values['fintech-profile'] as SampleFintechProfile;
  if (!Object.hasOwn(SAMPLE_FINTECH_PROFILES, fintechProfile)) {
    throw new UsageError(`--fintech-profile must be ${Object.keys(SAMPLE_FINTECH_PROFILES).join(' or ')}, not "${fintechProfile}"`);
  }
  return {
    help: values.help,
    home: path.resolve(values.home ?? path.join(repoRoot, '.sandbox')),
    portBase,
    reset: values.reset,
    build: !values['no-build'],
    fintechProfile,
  };
}
