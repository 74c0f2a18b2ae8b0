import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { type SandboxState, serviceEnvironment } from './sandbox-state';
import { answersHttps, rememberRestarted, startService, waitUntilReady } from './service-processes';

/**
 * Starts bank-api again after a story stopped or killed it, logging as `logName`, and resolves once it answers; the
 * global teardown stops it, and later stories find it as the running bank-api.
 */
export async function startBankAgain(state: SandboxState, logName: string): Promise<void> {
  const bank = startService('bank-api', serviceEnvironment(state), state.logsDir, logName);
  rememberRestarted(state.workDir, bank, 'bank-api');
  const trustCa = new Agent({ connect: { ca: readFileSync(path.join(state.certsDir, 'ca.pem')) } });
  try {
    await waitUntilReady(bank, () => answersHttps(`${state.bankUrl}/jwks`, trustCa, 200));
  } finally {
    await trustCa.close();
  }
}
