import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { dialingInstances, type InstancePorts } from '@fapi/testing';
import { type SandboxState, serviceEnvironment } from './sandbox-state';
import { answersHttps, rememberRestarted, type ServiceProcess, startService, stopService, waitUntilReady } from './service-processes';

/**
 * The second instance of every service, beside the global setup's (the first): the same entry points with the same
 * environment (the same ISSUER, BANK_URL and TPP_URL, PostgreSQL databases, NATS server and sandbox id; the sample
 * fintech is the PAR + JARM one, with its onboarded folder), each listening on a port of its own so that a story can
 * choose the instance it reaches (dialingInstances). The ports sit 40 to 43 above the run's port base (E2E_PORT_BASE),
 * clear of the global setup's.
 */
export interface SecondInstances {
  /** host of the public URL (`localhost:<port>`) → port of the second instance. */
  authorizationServer: InstancePorts;
  bank: InstancePorts;
  fintech: InstancePorts;
  /** The log files of the second instances (in the run's logs folder). */
  logs: { authorizationServer: string; bank: string; consentService: string; fintech: string };
  stop(): Promise<void>;
}

const SECOND_INSTANCE_PORT_OFFSET = 40;

export async function startSecondInstances(state: SandboxState): Promise<SecondInstances> {
  const portBase = Number(new URL(state.issuer).port);
  const [asPort, bankPort, consentHealthPort, fintechPort] = [0, 1, 2, 3].map((offset) => portBase + SECOND_INSTANCE_PORT_OFFSET + offset);
  const env = serviceEnvironment(state);
  const started: ServiceProcess[] = [];
  const start = (app: string, extraEnv: NodeJS.ProcessEnv) => {
    const instance = startService(app, { ...env, ...extraEnv }, state.logsDir, `${app}-2`);
    rememberRestarted(state.workDir, instance); // the global teardown stops it should the story not get to
    started.push(instance);
    return instance;
  };
  const consent = start('consent-service', { HEALTH_PORT: String(consentHealthPort) });
  const bank = start('bank-api', { PORT: String(bankPort) });
  const authorizationServer = start('authorization-server', { PORT: String(asPort) });
  const fintech = start('tpp-client', { PORT: String(fintechPort), TPP_URL: state.tppUrl, TPP_ONBOARDED_DIR: state.tppClientDir });
  const authorizationServerPorts = { [new URL(state.issuer).host]: asPort };
  const bankPorts = { [new URL(state.bankUrl).host]: bankPort };
  const fintechPorts = { [new URL(state.tppUrl).host]: fintechPort };
  // probed at the public URLs (the AS answers its configured host only), dialling the second instances
  const probe = new Agent({
    connect: dialingInstances({ ca: readFileSync(path.join(state.certsDir, 'ca.pem')) }, { ...authorizationServerPorts, ...bankPorts, ...fintechPorts }),
  });
  try {
    await Promise.all([
      waitUntilReady(consent, () => answersHttps(`http://127.0.0.1:${consentHealthPort}/health/ready`, probe, 200), 240),
      waitUntilReady(bank, () => answersHttps(`${state.bankUrl}/health/ready`, probe, 200), 240),
      waitUntilReady(authorizationServer, () => answersHttps(`${state.issuer}/health/ready`, probe, 200), 240),
      waitUntilReady(fintech, () => answersHttps(`${state.tppUrl}/health/ready`, probe, 200), 240),
    ]);
  } catch (error) {
    await Promise.all(started.map(stopService));
    throw error;
  } finally {
    await probe.close();
  }
  return {
    authorizationServer: authorizationServerPorts,
    bank: bankPorts,
    fintech: fintechPorts,
    logs: { authorizationServer: authorizationServer.logFile, bank: bank.logFile, consentService: consent.logFile, fintech: fintech.logFile },
    stop: async () => void (await Promise.all(started.map(stopService))),
  };
}
