import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { sandbox } from './sandbox-state';

const repoRoot = path.resolve(__dirname, '../../../..');

/** Runs the real onboarding command, as a developer outside this repository would; returns the written folder. */
export function onboardFintech(name: string, args: string[]): string {
  const { certsDir, issuer, bankUrl, workDir } = sandbox();
  const out = path.join(mkdtempSync(path.join(workDir, 'onboarded-')), 'tpp');
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'libs/onboarding/dist/cli/onboard.js'), '--name', name, ...args, '--out', out, '--certs', certsDir, '--issuer', issuer, '--bank', bankUrl],
    { stdio: 'pipe' },
  );
  return out;
}
