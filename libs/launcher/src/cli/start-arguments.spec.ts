import path from 'node:path';
import { parseStartArguments, UsageError } from './start-arguments';

const repo = '/repo';

describe('npm start arguments', () => {
  it('default to the git-ignored .sandbox home, the README ports from 8443, a build, and no reset', () => {
    expect(parseStartArguments([], repo)).toEqual({ help: false, home: path.join(repo, '.sandbox'), portBase: 8443, reset: false, build: true });
  });

  it('take --reset, --home, --port-base and --no-build', () => {
    expect(parseStartArguments(['--reset', '--home', '/tmp/box', '--port-base', '29443', '--no-build'], repo)).toEqual({
      help: false,
      home: '/tmp/box',
      portBase: 29443,
      reset: true,
      build: false,
    });
  });

  it.each(['0', '65533', '8443.5', 'eighty'])('refuse --port-base %s: its four ports must be ports', (value) => {
    expect(() => parseStartArguments(['--port-base', value], repo)).toThrow(new UsageError(`--port-base must be a port number from 1 to 65532, not "${value}"`));
  });

  it('refuse an option it does not know, as a usage error', () => {
    expect(() => parseStartArguments(['--rest'], repo)).toThrow(UsageError);
  });
});
