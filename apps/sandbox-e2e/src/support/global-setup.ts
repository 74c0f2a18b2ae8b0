/**
 * Starts the whole sandbox once for the end-to-end stories: fresh certificates, fresh databases and a sandbox id of this
 * run (so that a sandbox running beside it on the same PostgreSQL never shares its data), a JetStream NATS server of
 * its own, and every service as its own process (the same `node apps/<app>/dist/main.js` entry points
 * docker-compose runs), over real TLS, NATS and PostgreSQL. The sample fintech runs twice, onboarded once per response
 * style (PAR + JARM, and hybrid); the FAPI 2.0 stories start the ones they need themselves (support/own-fintech.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { Agent } from 'undici';
import { generateSandboxCertificates } from '@fapi/pki';
import { onboardTpp } from '@fapi/onboarding';
import { Requests, type SandboxNats, sandboxNatsClient } from '@fapi/nats-contract';
import { DATABASE_OWNERS, databaseUrl } from '@fapi/persistence';
import { useTestDatabase } from '@fapi/launcher';
import { dropDatabase, type PrivateNatsServer, startPrivateNatsServer } from '@fapi/testing';
import { type SandboxState, serviceEnvironment, STATE_FILE_VARIABLE } from './sandbox-state';
import { answersHttps, type ServiceProcess, startService, stopService, waitUntilReady } from './service-processes';

const repoRoot = path.resolve(__dirname, '../../../..');

declare global {
  // eslint-disable-next-line no-var
  var sandboxProcesses: ServiceProcess[] | undefined;
  // eslint-disable-next-line no-var
  var sandboxWorkDir: string | undefined;
  // eslint-disable-next-line no-var
  var sandboxNats: PrivateNatsServer | undefined;
  // eslint-disable-next-line no-var
  var sandboxDatabaseUrl: string | undefined;
}

/** The e2e databases live beside the configured ones (useTestDatabase), suffixed `_e2e_<run id>`: created for this run, dropped after it. */
function e2eDatabaseUrl(runId: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `${url.pathname.replace(/^\//, '') || 'fapi'}_e2e_${runId}`;
  return url.toString();
}

/** Drops the databases of every owner under `baseUrl` (dropDatabase ends their connections first). */
export async function dropDatabases(baseUrl: string): Promise<void> {
  for (const owner of DATABASE_OWNERS) await dropDatabase(databaseUrl(owner, { DATABASE_URL: baseUrl }));
}

/** Creates and migrates the databases of every owner under `baseUrl` (the migrate CLI creates them); a failure leaves none behind. */
async function createDatabases(baseUrl: string): Promise<void> {
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'libs/persistence/dist/cli/migrate.js')], {
      env: { ...process.env, DATABASE_URL: baseUrl },
      stdio: 'pipe',
    });
  } catch (error) {
    await dropDatabases(baseUrl);
    throw error;
  }
}

async function answersNats(nats: SandboxNats): Promise<boolean> {
  const client = ClientProxyFactory.create(sandboxNatsClient(nats));
  try {
    const reply = await firstValueFrom(client.send(Requests.getAccountAccessConsent, { consentId: 'readiness-probe' }));
    return reply?.ok === false;
  } finally {
    await client.close();
  }
}

export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(['error']); // the readiness probe's NATS client would log every connect and close
  await useTestDatabase(); // DATABASE_URL, else the same PostgreSQL `npm start` would use
  const workDir = mkdtempSync(path.join(tmpdir(), 'fapi-sandbox-e2e-'));
  globalThis.sandboxWorkDir = workDir;
  const certsDir = path.join(workDir, 'certs');
  const logsDir = path.join(workDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  await generateSandboxCertificates({ outDir: certsDir });
  const runId = randomBytes(4).toString('hex');
  const e2eDatabases = e2eDatabaseUrl(runId);
  globalThis.sandboxDatabaseUrl = e2eDatabases;
  await createDatabases(e2eDatabases);
  // Its own server, not NATS_URL's: a story stops NATS (the run's sandbox id keeps its messages and settlement stream
  // apart from another sandbox's on a shared server, but not its outage).
  const nats = await startPrivateNatsServer({ jetstream: true, storeDir: path.join(workDir, 'nats-store') });
  globalThis.sandboxNats = nats;

  const portBase = Number(process.env.E2E_PORT_BASE || 18443);
  const state: SandboxState = {
    workDir,
    certsDir,
    logsDir,
    issuer: `https://localhost:${portBase}`,
    bankUrl: `https://localhost:${portBase + 1}`,
    tppUrl: `https://localhost:${portBase + 2}`,
    tppHybridUrl: `https://localhost:${portBase + 3}`,
    natsUrl: nats.url,
    sandboxId: `e2e-${runId}`,
    nats: nats.launch,
    healthPort: portBase + 4,
    databaseUrl: e2eDatabases,
    tppClientDir: path.join(workDir, 'tpp-client-jarm'),
    tppHybridClientDir: path.join(workDir, 'tpp-client-hybrid'),
    pids: { 'nats-server': nats.pid() as number },
  };

  const env = serviceEnvironment(state);
  const trustCa = new Agent({ connect: { ca: readFileSync(path.join(certsDir, 'ca.pem')) } });
  const processes: ServiceProcess[] = [];
  globalThis.sandboxProcesses = processes;
  try {
    const consent = startService('consent-service', env, logsDir);
    const bank = startService('bank-api', env, logsDir);
    const authorizationServer = startService('authorization-server', env, logsDir);
    processes.push(consent, bank, authorizationServer);
    await waitUntilReady(consent, () => answersNats(state));
    await waitUntilReady(bank, () => answersHttps(`${state.bankUrl}/open-banking/v4.0/aisp/accounts`, trustCa, 401));
    await waitUntilReady(authorizationServer, () =>
      answersHttps(`${state.issuer}/.well-known/openid-configuration`, trustCa, 200),
    );

    for (const [style, dir, url] of [
      ['jarm', state.tppClientDir, state.tppUrl],
      ['hybrid', state.tppHybridClientDir, state.tppHybridUrl],
    ] as const) {
      await onboardTpp({
        name: `Sandbox Fintech ${style}`,
        redirectUris: [`${url}/callback`],
        authMethod: style === 'jarm' ? 'private_key_jwt' : 'tls_client_auth',
        responseStyle: style,
        outDir: dir,
        certsDir,
        issuer: state.issuer,
        bankUrl: state.bankUrl,
      });
      const tpp = startService(`tpp-client`, { ...env, TPP_URL: url, TPP_ONBOARDED_DIR: dir }, logsDir, `tpp-client-${style}`);
      processes.push(tpp);
      await waitUntilReady(tpp, () => answersHttps(`${url}/`, trustCa, 200));
    }
  } catch (error) {
    await Promise.all(processes.map(stopService));
    await nats.stop();
    await dropDatabases(e2eDatabases);
    throw error;
  } finally {
    await trustCa.close();
  }
  for (const service of processes) state.pids[service.name] = service.child.pid as number;
  const stateFile = path.join(workDir, 'state.json');
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  process.env[STATE_FILE_VARIABLE] = stateFile;
}
