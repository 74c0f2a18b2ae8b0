import path from 'node:path';

/**
 * The repository root, from a built (`dist/`) or source (`src/`) file of this lib. Not @fapi/service-runtime's
 * `repoRoot`: importing that package loads NestJS, seconds of the launcher's start-up on a busy machine.
 */
export const repoRoot = path.resolve(__dirname, '../../..');
