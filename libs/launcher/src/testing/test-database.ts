import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { providePostgres } from '../backing-services/provide';
import { choosePostgres, machineSurroundings } from '../backing-services/resolution';
import type { RunningBackingService } from '../backing-services/running-backing-service';

/** What the first jest global setup of a run started, shared with the others through the one process they run in. */
interface TestDatabase {
  users: number;
  started?: { service: RunningBackingService; folder: string };
}

declare global {
  // eslint-disable-next-line no-var
  var fapiTestDatabase: TestDatabase | undefined;
}

/**
 * The PostgreSQL of a test run, chosen as `npm start` chooses it: DATABASE_URL as is (CI sets it), else a
 * testcontainers container when Docker answers, else an embedded PostgreSQL in a temporary folder. Its URL goes to
 * DATABASE_URL, which the test workers inherit. Each jest project's global setup calls it; the first one starts it.
 */
export async function useTestDatabase(): Promise<void> {
  const shared = (globalThis.fapiTestDatabase ??= { users: 0 });
  shared.users++;
  if (process.env.DATABASE_URL) return;
  const source = await choosePostgres(machineSurroundings());
  const folder = mkdtempSync(path.join(tmpdir(), 'fapi-test-postgres-'));
  // in jest's process group: a Ctrl-C of the test run reaches it too
  const service = await providePostgres(source, { home: folder, logsDir: folder, ownProcessGroup: false });
  shared.started = { service, folder };
  process.env.DATABASE_URL = service.url;
}

/** Each global teardown calls it; the last one stops what useTestDatabase started. */
export async function releaseTestDatabase(): Promise<void> {
  const shared = globalThis.fapiTestDatabase;
  if (!shared || --shared.users > 0 || !shared.started) return;
  const { service, folder } = shared.started;
  shared.started = undefined;
  delete process.env.DATABASE_URL;
  await service.stop();
  rmSync(folder, { recursive: true, force: true });
}
