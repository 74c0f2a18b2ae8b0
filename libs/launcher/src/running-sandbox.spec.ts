import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '@fapi/testing';
import type { RunningBackingService } from './backing-services/running-backing-service';
import { isAlive, type ServiceProcess, startChild } from './processes/child-processes';
import { RunningSandbox, SandboxStopped } from './running-sandbox';

const logsDir = mkdtempSync(path.join(tmpdir(), 'running-sandbox-'));
afterAll(() => rmSync(logsDir, { recursive: true, force: true }));

/** A stand-in service: a real process that prints a line and then runs until stopped (or exits with `exitCode`). */
function service(name: string, { exitCode }: { exitCode?: number } = {}): ServiceProcess {
  const script = `console.log('${name} starting'); ${exitCode === undefined ? 'setInterval(() => {}, 1000)' : `setTimeout(() => process.exit(${exitCode}), 100)`}`;
  return startChild(name, process.execPath, ['-e', script], { env: process.env, logsDir, ownProcessGroup: true });
}

describe('a running sandbox', () => {
  it('stops its services before NATS, and NATS before PostgreSQL', async () => {
    const order: string[] = [];
    const sandbox = new RunningSandbox(() => order.push('unexpected exit'));
    const backing = (name: string): RunningBackingService => ({ url: name, description: name, stop: async () => void order.push(name) });
    sandbox.adoptBackingService(backing('postgres'));
    sandbox.adoptBackingService(backing('nats'));
    const bank = sandbox.adopt(service('bank-api'));
    bank.child.once('exit', () => order.push('bank-api'));

    await sandbox.stop();
    expect(order).toEqual(['bank-api', 'nats', 'postgres']);
    expect(isAlive(bank.child.pid as number)).toBe(false);
  });

  it('reports a service that exits by itself, and not one it stopped', async () => {
    const crashed: ServiceProcess[] = [];
    const sandbox = new RunningSandbox((process) => crashed.push(process));
    sandbox.adopt(service('bank-api', { exitCode: 3 }));
    const consent = sandbox.adopt(service('consent-service'));

    await eventually(async () => (crashed.length ? true : undefined), 'the crash is reported');
    expect(crashed.map((process) => [process.name, process.child.exitCode])).toEqual([['bank-api', 3]]);
    await sandbox.stop();
    expect(crashed).toHaveLength(1);
    expect(consent.child.signalCode).toBe('SIGTERM');
  });

  it('does not count a command that finishes as a crash', async () => {
    const crashed: ServiceProcess[] = [];
    const sandbox = new RunningSandbox((process) => crashed.push(process));
    const migrate = sandbox.adopt(service('migrate', { exitCode: 0 }), { finishes: true });
    await new Promise((resolve) => migrate.child.once('exit', resolve));
    expect(crashed).toEqual([]);
    await sandbox.stop();
  });

  it('refuses to go on starting once a stop was asked for', async () => {
    const sandbox = new RunningSandbox(() => undefined);
    sandbox.assertNotStopping();
    await sandbox.stop();
    expect(() => sandbox.assertNotStopping()).toThrow(SandboxStopped);
  });
});
