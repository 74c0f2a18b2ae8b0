import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { allContainers, OVERLAYS, renderOverlay, workloads } from './kubernetes-objects';
import { repoRoot } from './runtime-imports';

/** The sandbox image as docker-compose.yml names it (built from infra/Dockerfile). */
export const COMPOSE_IMAGE = 'fapi-sandbox:local';

interface ComposeService {
  image?: string;
  command?: string[];
  user?: string;
  volumes?: string[];
  healthcheck?: { test: string[] };
}

export const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};

export const composeSandboxServices = Object.entries(compose.services).filter(([, service]) => service.image === COMPOSE_IMAGE);

/** `node <file>` commands: the file. */
const nodeEntry = (command: readonly string[] | undefined) => (command?.[0] === 'node' ? [command[1]] : []);

/** Every `node <entry point>` the compose file and the Kubernetes overlays run in the sandbox image. */
export function imageEntryPoints(): string[] {
  const fromCompose = composeSandboxServices.flatMap(([, service]) => [
    ...nodeEntry(service.command),
    ...nodeEntry(service.healthcheck?.test.slice(1)),
  ]);
  const fromKubernetes = OVERLAYS.flatMap((overlay) =>
    workloads(renderOverlay(overlay)).flatMap((workload) => allContainers(workload.spec!.template!.spec).flatMap((container) => nodeEntry(container.command))),
  );
  return [...new Set([...fromCompose, ...fromKubernetes])].sort();
}
