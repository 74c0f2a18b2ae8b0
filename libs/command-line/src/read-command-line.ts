import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line is wrong: the message says what, and the command prints its usage after it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * parseArgs, strict and without positionals unless the config says otherwise, with its errors (an unknown option, a
 * missing value) turned into a UsageError so that every command reports them the same way.
 */
export function readCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, allowPositionals: false, ...config });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
