import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs where CI does, so docker-compose.yml is kept correct by these static checks: every command
 * runs an entry point this repository builds, every dependency exists, and every service gets the configuration the
 * sandbox reads.
 */
const repoRoot = path.resolve(__dirname, '../../..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  network_mode?: string;
  restart?: string;
}

const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const sandboxServices = Object.entries(compose.services).filter(([, service]) => service.image === 'fapi-sandbox:local');

/** `node libs/pki/dist/cli/generate-certs.js` is built from `libs/pki/src/cli/generate-certs.ts`. */
function sourceOf(entryPoint: string): string {
  return path.join(repoRoot, entryPoint.replace('/dist/', '/src/').replace(/\.js$/, '.ts'));
}

describe('docker-compose.yml runs what this repository builds', () => {
  it('has the four sandbox services and the one-shot jobs they depend on', () => {
    expect(sandboxServices.map(([name]) => name).sort()).toEqual(
      ['authorization-server', 'bank-api', 'certs', 'consent-service', 'migrate', 'tpp-client', 'tpp-onboarding'].sort(),
    );
  });

  it.each(sandboxServices)('%s runs a built entry point whose source exists', (_name, service) => {
    const [runtime, entryPoint] = service.command ?? [];
    expect(runtime).toBe('node');
    expect(entryPoint).toMatch(/^(apps|libs)\/[a-z-]+\/dist\/.+\.js$/);
    expect(existsSync(sourceOf(entryPoint))).toBe(true);
  });

  it.each(sandboxServices)('%s gets every setting the sandbox reads from the environment', (_name, service) => {
    expect(Object.keys(service.environment ?? {})).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'CERTS_DIR', 'ISSUER', 'BANK_URL', 'TPP_URL']),
    );
  });

  it('depends only on services it defines, and health checks use built entry points', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect({ name, dependency, defined: dependency in compose.services }).toEqual({ name, dependency, defined: true });
      }
      const [kind, runtime, entryPoint] = service.healthcheck?.test ?? [];
      if (kind === 'CMD' && runtime === 'node') expect(existsSync(sourceOf(entryPoint))).toBe(true);
    }
  });

  it('has a healthcheck on every long-running service (not on the one-shot jobs)', () => {
    const longRunning = Object.entries(compose.services).filter(([, service]) => service.restart !== 'no');
    expect(longRunning.map(([name]) => name).sort()).toEqual(
      ['authorization-server', 'bank-api', 'consent-service', 'nats', 'postgres', 'tpp-client'].sort(),
    );
    for (const [name, service] of longRunning) expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: 'CMD' });
  });

  it.each([
    ['authorization-server', 'https://localhost:8443/health/ready'],
    ['bank-api', 'https://localhost:8444/health/ready'],
    ['tpp-client', 'https://localhost:8445/health/ready'],
    ['consent-service', 'http://localhost:8446/health/ready'],
  ])('%s is healthy when its readiness endpoint answers 2xx (%s)', (name, url) => {
    expect(compose.services[name].healthcheck?.test).toEqual(['CMD', 'node', 'libs/service-runtime/dist/cli/answers.js', url]);
  });

  it('builds the image from a Dockerfile that copies only what exists', () => {
    const build = compose.services.certs.build;
    expect(build).toBeDefined();
    const dockerfile = readFileSync(path.join(repoRoot, build!.context, build!.dockerfile), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].split(' '));
    expect(copied.length).toBeGreaterThan(0);
    for (const source of copied) expect({ source, exists: existsSync(path.join(repoRoot, source)) }).toEqual({ source, exists: true });
  });

  it('publishes the URLs a PSU sees, which the services also use to reach each other (host network)', () => {
    for (const [, service] of sandboxServices) {
      expect(service.network_mode).toBe('host');
      expect(service.environment).toMatchObject({
        ISSUER: 'https://localhost:8443',
        BANK_URL: 'https://localhost:8444',
        TPP_URL: 'https://localhost:8445',
      });
    }
  });
});
