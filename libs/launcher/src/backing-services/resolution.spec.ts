import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseNats, choosePostgres, findExecutable, NATS_SERVER_MISSING, type Surroundings } from './resolution';

/** A machine as the choice sees it: its environment, whether Docker answers, which executables it has. */
function machine({ env = {}, docker = false, executables = {} }: { env?: NodeJS.ProcessEnv; docker?: boolean; executables?: Record<string, string> }) {
  const probes = { docker: 0 };
  const surroundings: Surroundings = {
    env,
    dockerAnswers: async () => {
      probes.docker++;
      return docker;
    },
    findExecutable: (command) => executables[command],
  };
  return { surroundings, probes };
}

describe('where PostgreSQL comes from', () => {
  it('is DATABASE_URL when it is set, exactly as given, without asking Docker', async () => {
    const { surroundings, probes } = machine({ env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/fapi_ci' }, docker: true });
    await expect(choosePostgres(surroundings)).resolves.toEqual({ kind: 'environment', url: 'postgresql://postgres@127.0.0.1:5432/fapi_ci' });
    expect(probes.docker).toBe(0);
  });

  it('is a testcontainers container when no URL is set and a Docker engine answers', async () => {
    await expect(choosePostgres(machine({ docker: true }).surroundings)).resolves.toEqual({ kind: 'container' });
  });

  it('is the embedded PostgreSQL when no URL is set and no Docker engine answers', async () => {
    await expect(choosePostgres(machine({ docker: false }).surroundings)).resolves.toEqual({ kind: 'embedded' });
  });
});

describe('where NATS comes from', () => {
  it('is NATS_URL when it is set, without asking Docker or looking for nats-server', async () => {
    const { surroundings, probes } = machine({ env: { NATS_URL: 'nats://127.0.0.1:4222' }, docker: true });
    await expect(chooseNats(surroundings)).resolves.toEqual({ kind: 'environment', url: 'nats://127.0.0.1:4222' });
    expect(probes.docker).toBe(0);
  });

  it('is a testcontainers container when no URL is set and a Docker engine answers, even with nats-server installed', async () => {
    const { surroundings } = machine({ docker: true, executables: { 'nats-server': '/usr/sbin/nats-server' } });
    await expect(chooseNats(surroundings)).resolves.toEqual({ kind: 'container' });
  });

  it('is the nats-server found on this machine when there is no URL and no Docker', async () => {
    const { surroundings } = machine({ executables: { 'nats-server': '/usr/sbin/nats-server' } });
    await expect(chooseNats(surroundings)).resolves.toEqual({ kind: 'nats-server', command: '/usr/sbin/nats-server' });
  });

  it('is NATS_SERVER_BIN before the nats-server on PATH', async () => {
    const { surroundings } = machine({ env: { NATS_SERVER_BIN: '/opt/nats/nats-server' }, executables: { 'nats-server': '/usr/sbin/nats-server' } });
    await expect(chooseNats(surroundings)).resolves.toEqual({ kind: 'nats-server', command: '/opt/nats/nats-server' });
  });

  it('fails with one message saying how to get a NATS server when there is none', async () => {
    await expect(chooseNats(machine({}).surroundings)).rejects.toThrow(NATS_SERVER_MISSING);
    expect(NATS_SERVER_MISSING).toMatch(/apt-get install nats-server/);
    expect(NATS_SERVER_MISSING).toMatch(/brew install nats-server/);
    expect(NATS_SERVER_MISSING).toMatch(/docker compose up nats/);
    expect(NATS_SERVER_MISSING).not.toMatch(/\n/);
  });
});

describe('finding an executable', () => {
  it('finds it in a PATH folder only when it may be executed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'launcher-path-'));
    const file = path.join(dir, 'some-tool-of-ours');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o644);
    expect(findExecutable('some-tool-of-ours', { PATH: dir })).toBeUndefined();
    chmodSync(file, 0o755);
    expect(findExecutable('some-tool-of-ours', { PATH: dir })).toBe(file);
  });
});
