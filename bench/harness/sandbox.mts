/**
 * One whole sandbox for a benchmark: the launcher's `launchSandbox` (what `npm start` runs) on the bench's own ports,
 * its own databases on the given PostgreSQL server (dropped after) and its own SANDBOX_ID namespace on the given NATS
 * server, so benches and other sandboxes on the same servers never share data or messages. It also onboards the
 * bench's TPPs and reads the services' CPU time from /proc for "server CPU per operation".
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { findExecutable, launchSandbox, type LaunchedSandbox, Progress, RunningSandbox } from '@fapi/launcher';
import { onboardTpp } from '@fapi/onboarding';
import { DATABASE_OWNERS, databaseUrl } from '@fapi/persistence';
import { dropDatabase } from '@fapi/testing';
import { IndependentTpp } from '../../apps/sandbox-e2e/src/support/independent-tpp.ts';
import type { BenchOptions, Measurement } from './contract.mts';
import { watchPauses } from './pauses.mts';
import { countSupportingCpu, cpuMsOf } from './process-cpu.mts';

/** The processes whose CPU a bench charges to the server (the sample fintech and the backing services are not ours to measure here). */
export const SERVER_PROCESSES = ['authorization-server', 'bank-api', 'consent-service'] as const;
export type ServerProcess = (typeof SERVER_PROCESSES)[number];

export interface BenchSandbox extends LaunchedSandbox {
  /** The base DATABASE_URL of this sandbox (each service's database is `<base>_<owner>`). */
  databaseBaseUrl: string;
  /**
   * A TPP onboarded for FAPI 1.0 Advanced (PAR + JARM, private_key_jwt PS256), driven as the e2e stories drive one,
   * over a pool of TPP_CONNECTIONS keep-alive mTLS connections per server (an open loop must not open a connection
   * per request when the server falls behind).
   */
  onboardTpp(name: string): Promise<IndependentTpp>;
  /** User + system CPU time of each server process so far, in ms. */
  serverCpuMs(): Record<ServerProcess, number>;
  /** Closes the TPPs it onboarded, stops the sandbox and drops its databases. */
  stop(): Promise<void>;
}

/** Keep-alive connections of a bench TPP to each server (the measurements use 32). */
export const TPP_CONNECTIONS = 32;

/** CPU spent by each server process between two serverCpuMs() readings, and their total. */
export function cpuBetween(before: Record<ServerProcess, number>, after: Record<ServerProcess, number>): { total: number; byProcess: Record<string, number> } {
  const byProcess = Object.fromEntries(SERVER_PROCESSES.map((name) => [name, after[name] - before[name]]));
  return { total: Object.values(byProcess).reduce((sum, ms) => sum + ms, 0), byProcess };
}

/**
 * Starts a sandbox named `name` under `options`. BENCH_CPU_PROF_DIR, when set, runs the services with `--cpu-prof`
 * into that folder (profiles are written when the sandbox stops); BENCH_SERVICE_NODE_OPTIONS adds NODE_OPTIONS of
 * its own (a `--require` preload counting statements, say).
 */
export async function startBenchSandbox(name: string, options: BenchOptions): Promise<BenchSandbox> {
  const runId = randomBytes(3).toString('hex');
  const base = new URL(options.databaseUrl);
  base.pathname = `/${base.pathname.replace(/^\//, '') || 'fapi'}_bench_${name.replace(/-/g, '_')}_${runId}`;
  const databaseBaseUrl = base.toString();
  process.env.SANDBOX_ID = `bench-${name}-${runId}`.slice(0, 32);
  const sandbox = new RunningSandbox((crashed) => {
    console.error(`bench ${name}: ${crashed.name} stopped by itself (${crashed.child.exitCode ?? crashed.child.signalCode}); see ${crashed.logFile}`);
  });
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const dropDatabases = async () => {
    for (const owner of DATABASE_OWNERS) await dropDatabase(databaseUrl(owner, { DATABASE_URL: databaseBaseUrl }));
  };
  let launched: LaunchedSandbox;
  try {
    launched = await launchSandbox(
      {
        home: path.join(options.workDir, 'sandbox'),
        portBase: options.portBase,
        instances: 1,
        reset: true,
        build: false,
        prettyLogs: false,
        fintechProfile: 'fapi1-advanced',
        serviceNodeOptions: [profileDir && `--cpu-prof --cpu-prof-dir=${profileDir}`, process.env.BENCH_SERVICE_NODE_OPTIONS].filter(Boolean).join(' ') || undefined,
      },
      sandbox,
      new Progress(process.stderr),
      { env: { DATABASE_URL: databaseBaseUrl, NATS_URL: options.natsUrl }, dockerAnswers: async () => false, findExecutable: (command) => findExecutable(command) },
    );
  } catch (error) {
    await sandbox.stop();
    await dropDatabases();
    throw error;
  }
  const pids = sandbox.pids();
  const tpps: IndependentTpp[] = [];
  return {
    ...launched,
    databaseBaseUrl,
    async onboardTpp(tppName: string) {
      const outDir = path.join(options.workDir, 'tpps', `${tpps.length + 1}`);
      await onboardTpp({
        name: tppName,
        redirectUris: [`https://${tppName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example/callback`],
        authMethod: 'private_key_jwt',
        responseStyle: 'jarm',
        outDir,
        certsDir: launched.certsDir,
        issuer: launched.issuer,
        bankUrl: launched.bankUrl,
      });
      const tpp = new IndependentTpp(outDir, { connections: TPP_CONNECTIONS });
      tpps.push(tpp);
      return tpp;
    },
    serverCpuMs: () => Object.fromEntries(SERVER_PROCESSES.map((process) => [process, cpuMsOf(pids[process])])) as Record<ServerProcess, number>,
    async stop() {
      for (const tpp of tpps) await tpp.close();
      await sandbox.stop();
      await dropDatabases();
    },
  };
}

/**
 * Runs one measured window and adds the CPU the server processes spent in it: `serverCpuMs` in total and, as figures,
 * each process's CPU ms per operation (where a bench's server time goes); then the same for what serves them: the
 * load generator (this process), PostgreSQL and NATS, every process of theirs on the machine, so those two figures
 * hold only on an otherwise idle machine; then how long the servers and the load generator paused (pauses.mts).
 */
export async function withServerFigures(sandbox: BenchSandbox, window: () => Promise<Measurement>): Promise<Measurement> {
  const pauses = await watchPauses(sandbox);
  const before = sandbox.serverCpuMs();
  const supportingCpuPerOperation = countSupportingCpu();
  const measurement = await window();
  const { total, byProcess } = cpuBetween(before, sandbox.serverCpuMs());
  const perOperation = (ms: number) => (measurement.operations ? ms / measurement.operations : 0);
  return {
    ...measurement,
    serverCpuMs: total,
    figures: {
      ...measurement.figures,
      ...Object.fromEntries(Object.entries(byProcess).map(([name, ms]) => [`${name} CPU ms/op`, perOperation(ms)])),
      ...supportingCpuPerOperation(measurement.operations),
      ...(await pauses()),
    },
  };
}
