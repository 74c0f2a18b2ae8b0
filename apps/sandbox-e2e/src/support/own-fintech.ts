import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { freePort } from '@fapi/testing';
import { onboardFintech } from './onboarding';
import { sandbox, serviceEnvironment } from './sandbox-state';
import { answersHttps, rememberRestarted, type ServiceProcess, startService, stopService, waitUntilReady } from './service-processes';

/** A sample fintech process a story runs for itself, onboarded with `npm run onboard` and the options it needs. */
export interface OwnFintech {
  url: string;
  /** Its onboarded folder. */
  folder: string;
  stop(): Promise<void>;
}

/**
 * Onboards the sample fintech with `onboardingOptions` (its redirect URI at a free port) and starts it there, as the
 * global setup starts the FAPI 1.0 ones: only the stories that need another profile pay for another process. The
 * global teardown stops it should the story not get to.
 */
export async function startOwnFintech(name: string, onboardingOptions: string[]): Promise<OwnFintech> {
  const state = sandbox();
  const url = `https://localhost:${await freePort()}`;
  const folder = onboardFintech(name, ['--redirect-uri', `${url}/callback`, ...onboardingOptions]);
  const processName = `tpp-client-${path.basename(path.dirname(folder))}`;
  const fintech: ServiceProcess = startService('tpp-client', { ...serviceEnvironment(state), TPP_URL: url, TPP_ONBOARDED_DIR: folder }, state.logsDir, processName);
  rememberRestarted(state.workDir, fintech);
  const trustCa = new Agent({ connect: { ca: readFileSync(path.join(state.certsDir, 'ca.pem')) } });
  try {
    await waitUntilReady(fintech, () => answersHttps(`${url}/`, trustCa, 200));
  } catch (error) {
    await stopService(fintech);
    throw error;
  } finally {
    await trustCa.close();
  }
  return { url, folder, stop: () => stopService(fintech) };
}
