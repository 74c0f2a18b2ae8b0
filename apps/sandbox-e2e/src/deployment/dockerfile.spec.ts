import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dockerStages } from './dockerfile';
import { compose, composeSandboxServices, imageEntryPoints } from './entry-points';
import { packageOf, repoRoot, runtimePackages, sourceOf } from './runtime-imports';

/**
 * No Docker engine runs where CI does, so infra/Dockerfile (the one image of docker-compose.yml and infra/k8s) is kept
 * correct by design and pinned by these checks: it runs as a numeric non-root user, holds production dependencies only,
 * and every entry point compose and Kubernetes run is in it with everything it loads.
 */
const stages = dockerStages();
const final = stages.at(-1)!;
const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const runArgs = (stage: (typeof stages)[number]) => stage.instructions.filter(({ keyword }) => keyword === 'RUN').map(({ args }) => args);
const finalUser = () => final.instructions.filter(({ keyword }) => keyword === 'USER').at(-1)?.args;
const finalEnv = () =>
  Object.fromEntries(
    final.instructions
      .filter(({ keyword }) => keyword === 'ENV')
      .flatMap(({ args }) => args.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
  );
/** `COPY --from=<stage> <source> <target>` of the final stage: target → [stage, source]. */
const finalCopies = () =>
  final.instructions
    .filter(({ keyword }) => keyword === 'COPY')
    .flatMap(({ args }) => {
      const match = /^--from=(\S+)\s+(.+)\s+(\S+)$/.exec(args);
      return match ? match[2].split(/\s+/).map((source) => ({ stage: match[1], source, target: match[3] })) : [];
    });

/** The entry points as the commands name them, with the extra sources and programs the migration command runs. */
function runtimeRoots(entryPoint: string): string[] {
  if (entryPoint !== 'libs/persistence/dist/cli/migrate.js') return [sourceOf(entryPoint)];
  // `prisma migrate deploy` loads each owner's prisma.config.ts (and through it @fapi/persistence's prisma-config)
  const configs = readdirSync(path.join(repoRoot, 'libs'))
    .map((lib) => path.join(repoRoot, 'libs', lib, 'prisma', 'prisma.config.ts'))
    .filter((file) => existsSync(file));
  return [sourceOf(entryPoint), ...configs];
}

describe('infra/Dockerfile: the image of docker-compose.yml and infra/k8s', () => {
  it('runs as a numeric non-root user, so Kubernetes can enforce runAsNonRoot', () => {
    expect(finalUser()).toMatch(/^\d+(:\d+)?$/);
    expect(Number(finalUser()!.split(':')[0])).toBeGreaterThan(0);
  });

  it('keeps only production dependencies: node_modules comes from a stage that pruned the development ones after building', () => {
    const nodeModules = finalCopies().find(({ target }) => target === 'node_modules');
    expect(nodeModules).toBeDefined();
    const source = stages.find(({ name }) => name === nodeModules!.stage)!;
    const commands = runArgs(source).join(' && ').split(/\s*&&\s*/);
    const build = commands.findIndex((command) => command.startsWith('npm run build'));
    const prune = commands.findIndex((command) => /^npm prune\b.*--omit=dev\b/.test(command));
    expect({ build: build >= 0, pruneAfterBuild: prune > build }).toEqual({ build: true, pruneAfterBuild: true });
    for (const command of runArgs(final)) expect(command).not.toMatch(/\bnpm (ci|install|i)\b(?!.*--omit=dev)/);
  });

  it.each(imageEntryPoints())('holds %s, built from a source in a project the build builds', (entryPoint) => {
    expect(existsSync(sourceOf(entryPoint))).toBe(true);
    const project = entryPoint.split('/').slice(0, 2).join('/');
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, project, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(manifest.scripts?.build).toBeDefined();
    const copied = finalCopies().map(({ target }) => target);
    expect(copied).toContain(project.split('/')[0]);
  });

  it.each(imageEntryPoints())('%s loads only production dependencies at run time', (entryPoint) => {
    const loaded = [...runtimePackages(runtimeRoots(entryPoint))].map(([name, importedBy]) => ({
      name,
      importedBy,
      production: name in rootPackage.dependencies,
    }));
    for (const found of loaded) expect(found).toEqual({ ...found, production: true });
  });

  it('has the Prisma CLI the migration command runs as a production dependency', () => {
    const migrate = readFileSync(sourceOf('libs/persistence/dist/cli/migrate.js'), 'utf8');
    expect(migrate).toContain("'node_modules', '.bin', 'prisma'");
    expect(Object.keys(rootPackage.dependencies)).toContain('prisma');
  });

  it('makes HOME a folder Kubernetes can mount writable (/tmp), for a read-only root filesystem', () => {
    expect(finalEnv()).toMatchObject({ HOME: '/tmp', NODE_ENV: 'production' });
  });

  it("gives the image's user the folders docker-compose.yml mounts volumes at, and compose does not run as another user", () => {
    const user = finalUser()!.split(':')[0];
    const owned = runArgs(final)
      .flatMap((command) => [...command.matchAll(/chown (\S+) ([^&]+)/g)])
      .filter(([, owner]) => owner.split(':')[0] === user)
      .flatMap(([, , folders]) => folders.trim().split(/\s+/).map((folder) => path.posix.join('/sandbox', folder)));
    for (const [name, service] of composeSandboxServices) {
      expect({ name, user: service.user }).toEqual({ name, user: undefined });
      for (const volume of service.volumes ?? []) {
        const [source, target] = volume.split(':');
        expect({ name, target, namedVolume: source in (compose.volumes ?? {}), writable: owned.includes(target) }).toEqual({
          name,
          target,
          namedVolume: true,
          writable: true,
        });
      }
    }
  });

  it('builds from sources only: the context leaves out host builds, installed packages, keys and sandbox state', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '**/generated', 'certs/out', 'onboarded', '.sandbox', '**/*.key']));
  });

});
