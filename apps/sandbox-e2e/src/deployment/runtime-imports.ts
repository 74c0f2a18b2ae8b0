import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The packages a built entry point loads when it runs, found from the TypeScript sources it is built from (so no build
 * is needed): every module it imports for a value, transitively through the workspace's libs. Type-only imports and
 * re-exports are left out: tsc erases them. The image prunes development dependencies, so every package found here
 * must be a production dependency.
 */
export const repoRoot = path.resolve(__dirname, '../../../..');

/** `libs/pki/dist/cli/generate-certs.js` is built from `libs/pki/src/cli/generate-certs.ts`. */
export function sourceOf(entryPoint: string): string {
  return path.join(repoRoot, entryPoint.replace('/dist/', '/src/').replace(/\.js$/, '.ts'));
}

/** Value imports, re-exports, dynamic imports and requires of a TypeScript source (not `import type`/`export type`). */
const IMPORTS = [
  /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
  /\b(?:import|require|require\.resolve)\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return IMPORTS.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

/** The package a specifier names: `@scope/name` or `name`. */
export const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** `@fapi/x` is libs/x's index, `@fapi/x/dist/y` its built file y, `@fapi/x/testing` its testing entry: as sources. */
function workspaceSource(specifier: string): string {
  const [, lib, ...rest] = specifier.split('/');
  const dir = path.join(repoRoot, 'libs', lib, 'src');
  if (rest.length === 0) return path.join(dir, 'index.ts');
  return rest[0] === 'dist' ? path.join(dir, `${rest.slice(1).join('/')}.ts`) : path.join(dir, ...rest, 'index.ts');
}

function relativeSource(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
  if (!found) throw new Error(`${path.relative(repoRoot, from)} imports ${specifier}, which is not a source file`);
  return found;
}

/** The external packages the given sources load at run time, each with one source file that imports it. */
export function runtimePackages(roots: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const pending = [...roots];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('node:')) continue;
      // A lib's Prisma client (generated/prisma, made by the build) carries its runtime: it loads no package.
      if (specifier.startsWith('.') && specifier.includes('/generated/')) continue;
      if (specifier.startsWith('.')) pending.push(relativeSource(file, specifier));
      else if (specifier.startsWith('@fapi/')) pending.push(workspaceSource(specifier));
      else if (!packages.has(packageOf(specifier))) packages.set(packageOf(specifier), path.relative(repoRoot, file));
    }
  }
  return packages;
}
