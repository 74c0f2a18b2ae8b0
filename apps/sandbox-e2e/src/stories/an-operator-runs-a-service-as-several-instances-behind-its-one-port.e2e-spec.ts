/**
 * Issue 11, "All cores": SERVICE_INSTANCES=N (what `npm start -- --instances N` sets) runs N instances of a service
 * behind its one port and public URL (node:cluster). Here the bank, as two instances beside the run's own bank: both
 * answer, a scrape of /metrics counts the requests of both, Ctrl-C (SIGTERM) stops them all, and an instance that
 * dies takes the service down with it rather than leave it running short.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { dialingInstances, eventually } from '@fapi/testing';
import { sandbox, serviceEnvironment } from '../support/sandbox-state';
import { answersHttps, isAlive, rememberRestarted, type ServiceProcess, startService, stopService, waitUntilReady } from '../support/service-processes';

/** Above the run's port base (E2E_PORT_BASE), clear of the global setup's ports and of the second instances' (40 to 42). */
const CLUSTER_PORT_OFFSET = 43;

/** The instances of a cluster, by number, as their log lines name them (pid and instance). */
function instancesIn(logFile: string): Map<number, number> {
  const instances = new Map<number, number>();
  for (const line of readFileSync(logFile, 'utf8').split('\n').filter(Boolean)) {
    const { instance, pid } = JSON.parse(line) as { instance?: number; pid: number };
    if (instance !== undefined) instances.set(instance, pid);
  }
  return instances;
}

const exitOf = (service: ServiceProcess) =>
  new Promise<number | null>((resolve) => {
    if (service.child.exitCode !== null) resolve(service.child.exitCode);
    else service.child.once('exit', (code) => resolve(code));
  });

describe('an operator runs a service as several instances behind its one port (SERVICE_INSTANCES)', () => {
  const state = sandbox();
  const port = Number(new URL(state.issuer).port) + CLUSTER_PORT_OFFSET;
  /** Reaches the cluster at the bank's public URL (Host and TLS name the bank's), on the cluster's port. */
  const toCluster = new Agent({ connect: dialingInstances({ ca: readFileSync(path.join(state.certsDir, 'ca.pem')) }, { [new URL(state.bankUrl).host]: port }) });
  const started: ServiceProcess[] = [];

  async function startTwoBankInstances(name: string): Promise<ServiceProcess> {
    // A namespace of its own on NATS: an instance killed here holds none of the run's settlement requests or NATS work.
    const env = { ...serviceEnvironment(state), SANDBOX_ID: `${state.sandboxId}-cluster`, PORT: String(port), SERVICE_INSTANCES: '2' };
    const bank = startService('bank-api', env, state.logsDir, name);
    rememberRestarted(state.workDir, bank); // the global teardown stops it should the story not get to
    started.push(bank);
    await waitUntilReady(bank, () => answersHttps(`${state.bankUrl}/health/ready`, toCluster, 200), 240);
    return bank;
  }

  afterAll(async () => {
    await Promise.all(started.map(stopService));
    await toCluster.close();
  });

  it('both instances answer on the one port, a scrape counts the requests of both, and Ctrl-C stops them all', async () => {
    const bank = await startTwoBankInstances('bank-api-two-instances');
    const instances = instancesIn(bank.logFile);
    expect([...instances.keys()].sort()).toEqual([1, 2]);

    for (let call = 0; call < 12; call++) {
      // a connection per request: the primary hands each new connection to the next instance
      const answer = await request(`${state.bankUrl}/jwks`, { dispatcher: toCluster, reset: true });
      await answer.body.dump();
      expect(answer.statusCode).toBe(200);
    }
    const jwksAnsweredBy = () =>
      readFileSync(bank.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg?: string; route?: string; instance?: number })
        .filter((line) => line.msg === 'request completed' && line.route === '/jwks')
        .map((line) => line.instance);
    // a request's line is written once its connection closes, just after the answer
    const answeredBy = await eventually(() => (jwksAnsweredBy().length >= 12 ? jwksAnsweredBy() : undefined), 'the log lines of 12 requests');
    expect(answeredBy).toHaveLength(12);
    expect(new Set(answeredBy)).toEqual(new Set([1, 2]));

    const scrape = await request(`${state.bankUrl}/metrics`, { dispatcher: toCluster });
    const metrics = await scrape.body.text();
    expect(metrics).toMatch(/^fapi_http_requests_total\{[^}]*route="\/jwks"[^}]*\} 12$/m);

    process.kill(bank.child.pid as number, 'SIGTERM');
    expect(await exitOf(bank)).toBe(0);
    expect([...instances.values()].filter(isAlive)).toEqual([]);
  });

  it('an instance that dies takes the service down (exit code 1) rather than leave it running short', async () => {
    const bank = await startTwoBankInstances('bank-api-losing-an-instance');
    const instances = instancesIn(bank.logFile);

    process.kill(instances.get(1) as number, 'SIGKILL');

    expect(await exitOf(bank)).toBe(1);
    expect([...instances.values()].filter(isAlive)).toEqual([]);
    expect(readFileSync(bank.logFile, 'utf8')).toContain('bank-api: instance 1 of 2 ended by itself (SIGKILL); stopping the others');
  });
});
