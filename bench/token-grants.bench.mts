/**
 * `token-grants`: client_credentials grants per second at /token, our authorization server beside a bare oidc-provider
 * (bench/bare-oidc-provider) with the same grant, keys, client registrations and token format, each server one process
 * pinned to one core (`taskset`, the load generator pinned to another). Rows: tls_client_auth, private_key_jwt PS256,
 * private_key_jwt ES256, each with JWT access tokens signed PS256 and ES256 (certificate-bound, for the bank).
 *
 * Load: 32 keep-alive mTLS connections (an undici Pool with the client's transport certificate), closed loop; an
 * operation is a 200 with an access token. private_key_jwt assertions (unique jti, as the servers demand) are signed
 * before each window, so the load generator's signing is not measured. Server CPU: /proc/<pid>/stat utime + stime over
 * the window. The scope asked is `accounts`, what a TPP asks for to create an account-access consent.
 *
 * All cores (issue 11: with 2 instances the AS reaches ≥ 1.6× its one-instance rate): `ours ×2` rows run our server as
 * SERVICE_INSTANCES=2 (a node:cluster primary and two instances sharing its one port), the whole process tree pinned to
 * every core and, while they are measured, the load generator free to use every core as well (a 2-core machine has
 * none to spare for it); the same 32 connections meet one instance on one core or two on all cores. Their CPU is the
 * primary's and the instances' together. Compared with `ours` (one instance), target 1.6.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { Agent, Pool } from 'undici';
import { answersHttps, findExecutable, type ServiceProcess, startChild, stopService, waitUntilReady } from '@fapi/launcher';
import { type AuthMethod, onboardTpp, type OnboardedTpp } from '@fapi/onboarding';
import { DATABASE_OWNERS, databaseUrl } from '@fapi/persistence';
import { generateSandboxCertificates, SandboxFiles, subjectDn } from '@fapi/pki';
import { dropDatabase } from '@fapi/testing';
import type { Bench, Comparison, Measurement, Variant } from './harness/contract.mts';
import { countSupportingCpu, cpuMsOf } from './harness/process-cpu.mts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 32;
const SCOPE = 'accounts';
const ACCESS_TOKEN_ALGS = ['PS256', 'ES256'] as const;
type AccessTokenAlg = (typeof ACCESS_TOKEN_ALGS)[number];
const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '1';
/** The `ours ×N` rows: N instances of our server (node:cluster), pinned to every core of the machine. */
const CLUSTER_INSTANCES = 2;
const ALL_CORES = `0-${availableParallelism() - 1}`;
/** The rows the `ours ×N` target runs: issue 11's "All cores" figures (access tokens PS256). */
const CLUSTER_ROWS = { clients: ['tls_client_auth', 'private_key_jwt PS256'], accessTokenAlg: 'PS256' as const };
const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '0';

/** The clients every server knows, by the row label they give. */
const CLIENTS: { label: string; authMethod: AuthMethod; signingAlg: 'PS256' | 'ES256' }[] = [
  { label: 'tls_client_auth', authMethod: 'tls_client_auth', signingAlg: 'PS256' },
  { label: 'private_key_jwt PS256', authMethod: 'private_key_jwt', signingAlg: 'PS256' },
  { label: 'private_key_jwt ES256', authMethod: 'private_key_jwt', signingAlg: 'ES256' },
];

interface Target {
  /** `ours`, `bare`, or `before` (BENCH_BEFORE_CHECKOUT: our server as built in another checkout, e.g. main). */
  kind: string;
  accessTokenAlg: AccessTokenAlg;
  /** Each server's issuer and process (one per port; a node:cluster server is one process tree); the load is spread over them. */
  servers: { issuer: string; process: ServiceProcess }[];
  /** The cores the load generator may use while this target is measured (LOAD_CORE when not given). */
  loadCores?: string;
}

/** `taskset -c <core> command ...` when taskset is on this machine (pinning is what makes "per core" figures honest). */
function pinned(command: string, args: string[], core: string): [string, string[]] {
  const taskset = findExecutable('taskset');
  return taskset ? [taskset, ['-c', core, command, ...args]] : [command, args];
}

/** Pins every thread of the load generator (this process) to `cores`; false when taskset is not on this machine. */
function pinLoadGenerator(cores: string): boolean {
  try {
    execFileSync(findExecutable('taskset') ?? 'taskset', ['-a', '-p', '-c', cores, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether `port` can be listened on now: the benchmark's ports lie in Linux's ephemeral range, where another process's outgoing connection may hold one. */
function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The live children of `pid`, from each of its threads' /proc children list (a cluster primary forks its instances). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
      .split(' ')
      .filter((child) => child !== '')
      .map(Number),
  );
}

/** CPU ms of `pid` and of every process under it: a node:cluster server's primary and its instances together. */
function processTreeCpuMs(pid: number): number {
  return cpuMsOf(pid) + childrenOf(pid).reduce((sum, child) => sum + processTreeCpuMs(child), 0);
}

/** A token request body per grant: tls_client_auth needs only client_id; private_key_jwt a fresh assertion each time. */
class GrantBodies {
  private assertions: string[] = [];
  /** The most grants per second measured yet, to size the next batch of assertions. */
  private fastestRate = 1500;

  private readonly tpp: OnboardedTpp;
  private readonly issuer: string;

  constructor(tpp: OnboardedTpp, issuer: string) {
    this.tpp = tpp;
    this.issuer = issuer;
  }

  private async assertion(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: this.tpp.signingAlg, kid: this.tpp.signingKid })
      .setIssuer(this.tpp.clientId)
      .setSubject(this.tpp.clientId)
      .setAudience(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(this.tpp.signingKey);
  }

  /** Signs enough assertions for a window of `seconds` at twice the fastest rate yet (outside the measured window). */
  async prepare(seconds: number): Promise<void> {
    if (this.tpp.authMethod !== 'private_key_jwt') return;
    const wanted = Math.ceil(this.fastestRate * seconds * 2) + CONNECTIONS * 4;
    this.assertions = [];
    for (let index = 0; index < wanted; index++) this.assertions.push(await this.assertion());
  }

  remember(rate: number): void {
    this.fastestRate = Math.max(this.fastestRate, rate);
  }

  /** The next request body; an assertion signed now when the prepared ones ran out (counted by the caller). */
  async next(): Promise<{ body: string; signedInWindow: boolean }> {
    const base = `grant_type=client_credentials&scope=${SCOPE}&client_id=${encodeURIComponent(this.tpp.clientId)}`;
    if (this.tpp.authMethod !== 'private_key_jwt') return { body: base, signedInWindow: false };
    const prepared = this.assertions.pop();
    const assertion = prepared ?? (await this.assertion());
    return {
      body: `${base}&client_assertion_type=${encodeURIComponent('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')}&client_assertion=${assertion}`,
      signedInWindow: prepared === undefined,
    };
  }
}

/** One row: one client against one target, closed loop over CONNECTIONS keep-alive connections. */
function grantVariant(name: string, target: Target, tpp: OnboardedTpp): Variant & { close(): Promise<void> } {
  const connect = { ca: tpp.transport.caPem, cert: tpp.transport.certPem, key: tpp.transport.keyPem };
  const pools = target.servers.map(({ issuer }) => new Pool(issuer, { connections: Math.ceil(CONNECTIONS / target.servers.length), connect }));
  const bodies = target.servers.map(({ issuer }) => new GrantBodies(tpp, issuer));
  let checkedAlg = false;

  async function grant(slot: number): Promise<{ ok: boolean; text: string; signedInWindow: boolean }> {
    const server = slot % pools.length;
    const { body, signedInWindow } = await bodies[server].next();
    const response = await pools[server].request({ path: '/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const text = await response.body.text();
    return { ok: response.statusCode === 200, text, signedInWindow };
  }

  /** One window, every connection primed first; the servers' CPU is each one's whole process tree (a cluster's primary and instances). */
  async function window(seconds: number): Promise<Measurement> {
    await Promise.all(bodies.map((prepared) => prepared.prepare(seconds)));
    // every connection open (and the token format checked once) before the window: handshakes are not what is measured
    const primed = await Promise.all(Array.from({ length: CONNECTIONS }, (_, slot) => grant(slot)));
    const refused = primed.find((outcome) => !outcome.ok);
    if (refused) throw new Error(`${name}: a grant was refused before the window: ${refused.text}`);
    if (!checkedAlg) {
      const alg = decodeProtectedHeader(JSON.parse(primed[0].text).access_token).alg;
      if (alg !== target.accessTokenAlg) throw new Error(`${name}: access token signed ${alg}, expected ${target.accessTokenAlg}`);
      checkedAlg = true;
    }
    const pids = target.servers.map(({ process }) => process.child.pid as number);
    const cpuBefore = pids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0);
    const clusterPrimaries = pids.filter((pid) => childrenOf(pid).length > 0);
    const primaryCpuBefore = clusterPrimaries.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    const supportingCpuPerOperation = countSupportingCpu();
    const began = performance.now();
    const deadline = began + seconds * 1000;
    const latenciesMs: number[] = [];
    let failures = 0;
    let signedInWindow = 0;
    let firstFailure: string | undefined;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, slot) => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const outcome = await grant(slot).catch((error: unknown) => ({ ok: false, text: String(error), signedInWindow: false }));
          if (outcome.signedInWindow) signedInWindow++;
          if (outcome.ok) latenciesMs.push(performance.now() - started);
          else {
            failures++;
            firstFailure ??= outcome.text;
          }
        }
      }),
    );
    const elapsed = (performance.now() - began) / 1000;
    const serverCpuMs = pids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0) - cpuBefore;
    const primaryCpuMs = clusterPrimaries.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - primaryCpuBefore;
    if (firstFailure) console.error(`  ${name}: ${failures} refused, the first: ${firstFailure.slice(0, 300)}`);
    bodies.forEach((prepared) => prepared.remember(latenciesMs.length / elapsed / bodies.length));
    const figures: Record<string, number> = {};
    if (signedInWindow) figures['assertions signed in window'] = signedInWindow;
    // the cluster's primary only hands out connections: its share shows what running several instances costs
    if (clusterPrimaries.length > 0) figures['of which cluster primary CPU ms/op'] = latenciesMs.length ? primaryCpuMs / latenciesMs.length : 0;
    // what else each grant costs the machine: with the servers', what bounds the grants/s of every core together
    Object.assign(figures, supportingCpuPerOperation(latenciesMs.length));
    return { operations: latenciesMs.length, failures, seconds: elapsed, latenciesMs, serverCpuMs, figures };
  }

  return {
    name,
    async measure(seconds): Promise<Measurement> {
      if (!target.loadCores) return window(seconds);
      pinLoadGenerator(target.loadCores);
      try {
        return await window(seconds);
      } finally {
        pinLoadGenerator(LOAD_CORE);
      }
    },
    close: () => Promise.all(pools.map((pool) => pool.close())).then(() => undefined),
  };
}

const bench: Bench = {
  name: 'token-grants',
  title: `client_credentials grants/s, ${CONNECTIONS} keep-alive mTLS connections, closed loop, load on core ${LOAD_CORE}, each server pinned to core ${SERVER_CORE} (ours ×${CLUSTER_INSTANCES}: to cores ${ALL_CORES}): ours vs bare oidc-provider, ours ×${CLUSTER_INSTANCES} vs ours`,
  async setUp({ portBase, databaseUrl: serverUrl, natsUrl, workDir }) {
    if (!pinLoadGenerator(LOAD_CORE)) console.log('  (taskset not available: the load generator is not pinned)');
    const certsDir = path.join(workDir, 'certs');
    const logsDir = workDir;
    await generateSandboxCertificates({ outDir: certsDir });
    const caPem = readFileSync(path.join(certsDir, SandboxFiles.caCert), 'utf8');
    const trustCa = new Agent({ connect: { ca: caPem } });
    const resource = `https://localhost:${portBase + 99}`;
    const base = new URL(serverUrl);
    base.pathname = `/${base.pathname.replace(/^\//, '') || 'fapi'}_bench_token_grants`;
    const processes: ServiceProcess[] = [];
    const variants: (Variant & { close(): Promise<void> })[] = [];
    const tearDown = async () => {
      await Promise.all(variants.map((variant) => variant.close()));
      await Promise.all(processes.map(stopService));
      await trustCa.close();
      for (const owner of DATABASE_OWNERS) await dropDatabase(databaseUrl(owner, { DATABASE_URL: base.toString() }));
    };
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'libs/persistence/dist/cli/migrate.js')], { env: { ...process.env, DATABASE_URL: base.toString() }, stdio: 'pipe' });
      let nextPort = portBase;
      const freePort = async () => {
        while (nextPort < portBase + 90) if (await canListen(nextPort++)) return nextPort - 1;
        throw new Error(`no free port from ${portBase} to ${portBase + 89}`);
      };
      /** Starts a server on the next free port, pinned; again on another port when one was taken meanwhile. */
      const startServer = async (name: string, args: string[], envFor: (issuer: string, port: number) => NodeJS.ProcessEnv, probePath: string, cores = SERVER_CORE) => {
        for (let attempt = 1; ; attempt++) {
          const port = await freePort();
          const issuer = `https://localhost:${port}`;
          const [command, pinnedArgs] = pinned(process.execPath, args, cores);
          const child = startChild(name, command, pinnedArgs, { env: envFor(issuer, port), logsDir });
          processes.push(child);
          try {
            await waitUntilReady(child, () => answersHttps(`${issuer}${probePath}`, trustCa, 200));
            return { issuer, process: child };
          } catch (error) {
            if (attempt === 5 || !String(error).includes('EADDRINUSE')) throw error;
            processes.splice(processes.indexOf(child), 1);
          }
        }
      };

      const targets: Target[] = [];
      // Our server as built here and, when asked, as built in another checkout (its access tokens PS256 only, the one
      // alg a server before ACCESS_TOKEN_SIGNING_ALG signs with): before/after figures measured side by side.
      const before = process.env.BENCH_BEFORE_CHECKOUT;
      const ourBuilds = [
        { kind: 'ours', root: repoRoot, algs: ACCESS_TOKEN_ALGS },
        ...(before ? [{ kind: 'before', root: path.resolve(before), algs: ['PS256' as const] }] : []),
      ];
      const ourEnv = (issuer: string, accessTokenAlg: AccessTokenAlg): NodeJS.ProcessEnv => ({
        ...process.env,
        NODE_OPTIONS: process.env.BENCH_AS_NODE_OPTIONS ?? '',
        DATABASE_URL: base.toString(),
        NATS_URL: natsUrl,
        SANDBOX_ID: `bench-token-grants-${process.pid}`,
        CERTS_DIR: certsDir,
        ISSUER: issuer,
        HOST: '127.0.0.1',
        BANK_URL: resource,
        ACCESS_TOKEN_SIGNING_ALG: accessTokenAlg,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      });
      for (const { kind, root, algs } of ourBuilds) {
        for (const accessTokenAlg of algs) {
          const server = await startServer(`authorization-server-${kind}-${accessTokenAlg}`, [path.join(root, 'apps/authorization-server/dist/main.js')], (issuer) => ourEnv(issuer, accessTokenAlg), '/health/ready');
          targets.push({ kind, accessTokenAlg, servers: [server] });
        }
      }
      // Ready only once every instance listens (the instances' readiness waits for the primary's word).
      const clusterKind = `ours ×${CLUSTER_INSTANCES}`;
      const cluster = await startServer(
        `authorization-server-ours-x${CLUSTER_INSTANCES}-${CLUSTER_ROWS.accessTokenAlg}`,
        [path.join(repoRoot, 'apps/authorization-server/dist/main.js')],
        (issuer) => ({ ...ourEnv(issuer, CLUSTER_ROWS.accessTokenAlg), SERVICE_INSTANCES: String(CLUSTER_INSTANCES) }),
        '/health/ready',
        ALL_CORES,
      );
      // The load generator may use every core while the cluster is measured: on a machine with no core to spare, pinning it
      // beside one instance would starve it or that instance, whichever the scheduler picks; unpinned, it takes what the
      // two instances leave, and the one-instance rows keep their figures (load on its own core).
      const clusterTarget: Target = { kind: clusterKind, accessTokenAlg: CLUSTER_ROWS.accessTokenAlg, servers: [cluster], loadCores: ALL_CORES };

      // Registered at ours (dynamic registration, as every TPP is); the bare servers get the same metadata as static clients.
      const tpps = new Map<string, OnboardedTpp>();
      for (const client of CLIENTS) {
        const tpp = await onboardTpp({
          name: `Bench ${client.label.replace(/ /g, '-')}`,
          redirectUris: [`https://localhost:${portBase + 98}/callback`],
          authMethod: client.authMethod,
          signingAlg: client.signingAlg,
          responseStyle: 'jarm',
          outDir: path.join(workDir, 'clients', client.label.replace(/ /g, '-')),
          certsDir,
          issuer: targets[0].servers[0].issuer,
          bankUrl: resource,
        });
        tpps.set(client.label, tpp);
      }
      const clientsFile = path.join(workDir, 'bare-clients.json');
      writeFileSync(
        clientsFile,
        JSON.stringify(
          [...tpps.values()].map((tpp) => ({
            client_id: tpp.clientId,
            grant_types: ['client_credentials'],
            response_types: [],
            redirect_uris: [],
            scope: 'openid accounts payments',
            token_endpoint_auth_method: tpp.authMethod,
            id_token_signed_response_alg: tpp.signingAlg,
            tls_client_certificate_bound_access_tokens: true,
            ...(tpp.authMethod === 'tls_client_auth'
              ? { tls_client_auth_subject_dn: subjectDn(tpp.transport.certPem) }
              : { jwks: tpp.publicJwks, token_endpoint_auth_signing_alg: tpp.signingAlg }),
          })),
        ),
      );
      for (const accessTokenAlg of ACCESS_TOKEN_ALGS) {
        const envFor = (issuer: string, port: number) => ({
          ...process.env,
          NODE_OPTIONS: process.env.BENCH_BARE_NODE_OPTIONS ?? '',
          PORT: String(port),
          ISSUER: issuer,
          RESOURCE: resource,
          CERTS_DIR: certsDir,
          ACCESS_TOKEN_SIGNING_ALG: accessTokenAlg,
          CLIENTS_FILE: clientsFile,
        });
        const server = await startServer(`bare-oidc-provider-${accessTokenAlg}`, [path.join(import.meta.dirname, 'bare-oidc-provider/server.mts')], envFor, '/.well-known/openid-configuration');
        targets.push({ kind: 'bare', accessTokenAlg, servers: [server] });
      }

      const comparisons: Comparison[] = [];
      const rowName = (kind: string, client: string, alg: string) => `${kind} ${client}, AT ${alg}`;
      for (const client of CLIENTS) {
        for (const accessTokenAlg of ACCESS_TOKEN_ALGS) {
          for (const target of targets.filter((candidate) => candidate.accessTokenAlg === accessTokenAlg)) {
            variants.push(grantVariant(rowName(target.kind, client.label, accessTokenAlg), target, tpps.get(client.label) as OnboardedTpp));
          }
          comparisons.push({ variant: rowName('ours', client.label, accessTokenAlg), baseline: rowName('bare', client.label, accessTokenAlg), target: 0.85 });
          if (before) comparisons.push({ variant: rowName('ours', client.label, accessTokenAlg), baseline: rowName('before', client.label, accessTokenAlg) });
        }
      }
      for (const client of CLIENTS.filter(({ label }) => CLUSTER_ROWS.clients.includes(label))) {
        const name = rowName(clusterKind, client.label, CLUSTER_ROWS.accessTokenAlg);
        variants.push(grantVariant(name, clusterTarget, tpps.get(client.label) as OnboardedTpp));
        comparisons.push({ variant: name, baseline: rowName('ours', client.label, CLUSTER_ROWS.accessTokenAlg), target: 1.6 });
      }
      const only = process.env.BENCH_TOKEN_GRANTS_ROWS?.split(';');
      const chosen = only ? variants.filter((variant) => only.some((part) => variant.name.includes(part))) : variants;
      const measured = (name: string) => chosen.some((variant) => variant.name === name);
      return { variants: chosen, comparisons: comparisons.filter(({ variant, baseline }) => measured(variant) && measured(baseline)), tearDown };
    } catch (error) {
      await tearDown();
      throw error;
    }
  },
};

export default bench;
