import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@fapi/testing';
import { sandbox, serviceEnvironment } from '../support/sandbox-state';

const repoRoot = path.resolve(__dirname, '../../../..');
const SERVICES = [
  ['bank-api', 'bank'],
  ['authorization-server', 'authorization'],
  ['consent-service', 'consent'],
] as const;

/** Starts a built service in the sandbox's environment changed by `env`; it must stop at once, saying why. */
function start(app: string, env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'main.js')], {
    env: { ...serviceEnvironment(sandbox()), PORT: '0', HEALTH_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The one line an operator reads: the whole output, nothing else printed around it (no stack, no minified code). */
function expectOneLine(output: string, ...said: string[]) {
  expect(output.length).toBeLessThan(2048);
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  for (const text of said) expect(lines[0]).toContain(text);
}

describe('an operator sees in one line why a service cannot start, and what to run', () => {
  it.each(SERVICES)('%s with a database that does not exist names it and says to migrate', (app, owner) => {
    const base = new URL(sandbox().databaseUrl);
    base.pathname = `${base.pathname}_never_created`;
    const run = start(app, { DATABASE_URL: base.toString() });
    expect(run.status).toBe(1);
    expectOneLine(
      run.output,
      `cannot start: database ${base.pathname.slice(1)}_${owner} at ${base.hostname}:${base.port || 5432} does not exist: run npm run db:migrate (or npm start)`,
    );
  });

  it.each(SERVICES)('%s with a NATS URL nobody answers names NATS and the URL', async (app) => {
    const natsUrl = `nats://127.0.0.1:${await freePort()}`;
    const run = start(app, { NATS_URL: natsUrl });
    expect(run.status).toBe(1);
    expectOneLine(run.output, `cannot start: NATS at ${natsUrl} does not answer (connection refused)`, 'NATS_URL');
  });

  it.each(SERVICES)('%s asked for a number of instances that is none says what SERVICE_INSTANCES takes', (app) => {
    const run = start(app, { SERVICE_INSTANCES: 'lots' });
    expect(run.status).toBe(1);
    expectOneLine(run.output, "cannot start: SERVICE_INSTANCES must be a whole number from 1 to 64, not 'lots'");
  });

  it('the sample fintech with a database that does not exist names it and says to migrate (its sessions are there)', () => {
    const base = new URL(sandbox().databaseUrl);
    base.pathname = `${base.pathname}_never_created`;
    const run = start('tpp-client', { DATABASE_URL: base.toString(), TPP_ONBOARDED_DIR: sandbox().tppClientDir });
    expect(run.status).toBe(1);
    expectOneLine(
      run.output,
      `cannot start: database ${base.pathname.slice(1)}_tpp at ${base.hostname}:${base.port || 5432} does not exist: run npm run db:migrate (or npm start)`,
    );
  });

  it.each(SERVICES)('%s with NATS_STREAM_REPLICAS outside 1 to 5 names the setting and the range', (app) => {
    const run = start(app, { NATS_STREAM_REPLICAS: '7' });
    expect(run.status).toBe(1);
    expectOneLine(run.output, 'cannot start: NATS_STREAM_REPLICAS', 'is not a whole number from 1 to 5');
  });

  it.each(['bank-api', 'authorization-server'])('%s asked for 3 stream replicas on a single NATS server says to set 1 or point at a cluster', (app) => {
    const run = start(app, { NATS_STREAM_REPLICAS: '3' });
    expect(run.status).toBe(1);
    expectOneLine(run.output, `cannot start: NATS at ${sandbox().natsUrl} is not part of a cluster, so NATS_STREAM_REPLICAS 3 cannot be kept: set it to 1`);
  });
});
