import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './runtime-imports';

/** One build stage of a Dockerfile: its base, its name, and its instructions (continuation lines joined). */
export interface DockerStage {
  from: string;
  name?: string;
  instructions: { keyword: string; args: string }[];
}

export const DOCKERFILE = path.join(repoRoot, 'infra', 'Dockerfile');

export function dockerStages(file = DOCKERFILE): DockerStage[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [from, , name] = args.split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}
