import { rmSync } from 'node:fs';
import { dropDatabases } from './global-setup';
import { releaseTestDatabase } from '@fapi/launcher';
import { stopRestarted, stopService } from './service-processes';

/**
 * Stops every service the global setup started (it runs in the same process, so it sees their handles), those the
 * stories restarted, and NATS (whichever instance runs: the setup's, or one a story started again), drops the run's
 * databases, then removes the run's folder (certificates, keys, logs, JetStream store) unless E2E_KEEP_WORKDIR is set,
 * e.g. to read the logs.
 */
export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.sandboxProcesses ?? []).map(stopService));
  const workDir = globalThis.sandboxWorkDir;
  if (workDir) await stopRestarted(workDir);
  await globalThis.sandboxNats?.stop();
  if (globalThis.sandboxDatabaseUrl) await dropDatabases(globalThis.sandboxDatabaseUrl);
  await releaseTestDatabase();
  if (!workDir) return;
  if (process.env.E2E_KEEP_WORKDIR) console.log(`e2e run folder kept: ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
