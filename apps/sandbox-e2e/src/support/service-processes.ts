import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ended, isAlive } from '@fapi/launcher';

/** How a sandbox process is started, waited for and stopped is the launcher's (`npm start` uses the same). */
export { answersHttps, ended, isAlive, logTail, type ServiceProcess, startService, stopService, waitUntilReady } from '@fapi/launcher';

/** Where stories that restart a process record its name and id, so the global teardown stops it too. */
const restartedPidsFile = (workDir: string) => path.join(workDir, 'restarted-pids');

/**
 * Records a process a story started; `standsFor` is the sandbox process it replaces (e.g. `bank-api` for one logging as
 * `bank-api-restarted`), so that currentPid finds it by that name.
 */
export function rememberRestarted(workDir: string, service: { name: string; child: ChildProcess }, standsFor = service.name): void {
  appendFileSync(restartedPidsFile(workDir), `${service.child.pid} ${standsFor}\n`);
}

function restartedProcesses(workDir: string): Array<{ name: string; pid: number }> {
  if (!existsSync(restartedPidsFile(workDir))) return [];
  return readFileSync(restartedPidsFile(workDir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, name] = line.split(' ');
      return { name, pid: Number(pid) };
    });
}

/**
 * Every process of the sandbox that runs now, by pid: the global setup's and those stories restarted. A story that
 * must not lose a process reads these at its start and checks them at its end.
 */
export function runningSandboxProcesses(state: { workDir: string; pids: Record<string, number> }): Map<number, string> {
  const all = [...Object.entries(state.pids).map(([name, pid]) => ({ name, pid })), ...restartedProcesses(state.workDir)];
  return new Map(all.filter(({ pid }) => isAlive(pid)).map(({ name, pid }) => [pid, name]));
}

/** The running process of `name`: the one a story restarted last, else the global setup's. */
export function currentPid(state: { workDir: string; pids: Record<string, number> }, name: string): number {
  const restarted = restartedProcesses(state.workDir).filter((candidate) => candidate.name === name);
  return restarted.at(-1)?.pid ?? state.pids[name];
}

export async function stopRestarted(workDir: string): Promise<void> {
  await Promise.all(restartedProcesses(workDir).map(({ pid }) => ended(pid)));
}
