import { launchNatsServer } from '@fapi/testing';
import type { SandboxState } from './sandbox-state';
import { currentPid, ended, isAlive, rememberRestarted } from './service-processes';

/** An outage: the sandbox's NATS process (whichever instance runs now) is killed; its JetStream store stays. */
export async function killNats(state: SandboxState): Promise<void> {
  await ended(currentPid(state, 'nats-server'), 'SIGKILL');
}

/**
 * NATS comes back on the same port with the same store, started from the story's own process (a jest worker, which
 * may exit first: the server outlives it) and recorded for the global teardown. Nothing when it already runs.
 */
export async function startNatsAgain(state: SandboxState): Promise<void> {
  if (isAlive(currentPid(state, 'nats-server'))) return;
  const child = await launchNatsServer(state.nats);
  child.unref();
  rememberRestarted(state.workDir, { name: 'nats-server', child });
}
