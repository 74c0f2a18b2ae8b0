import path from 'node:path';
import { UsageError } from '@fapi/command-line';
import { parseStartArguments } from './start-arguments';

const repo = '/repo';

describe('npm start arguments', () => {
  it('default to the git-ignored .sandbox home, the README ports from 8443, a build, and no reset', () => {
    expect(parseStartArguments([], repo)).toEqual({
      help: false,
      home: path.join(repo, '.sandbox'),
      portBase: 8443,
      instances: 1,
      reset: false,
      build: true,
      fintechProfile: 'fapi1-advanced',
    });
  });

  it('take --reset, --home, --port-base and --no-build', () => {
    expect(parseStartArguments(['--reset', '--home', '/tmp/box', '--port-base', '29443', '--no-build'], repo)).toEqual({
      help: false,
      home: '/tmp/box',
      portBase: 29443,
      instances: 1,
      reset: true,
      build: false,
      fintechProfile: 'fapi1-advanced',
    });
  });

  it('take --fintech-profile fapi2: the sample fintech as a FAPI 2.0 client', () => {
    expect(parseStartArguments(['--fintech-profile', 'fapi2'], repo).fintechProfile).toBe('fapi2');
  });

  it('refuse a --fintech-profile the sample fintech does not have', () => {
    expect(() => parseStartArguments(['--fintech-profile', 'teaching'], repo)).toThrow(
      new UsageError('--fintech-profile must be fapi1-advanced or fapi2, not "teaching"'),
    );
  });

  it.each(['0', '65533', '8443.5', 'eighty'])('refuse --port-base %s: its four ports must be ports', (value) => {
    expect(() => parseStartArguments(['--port-base', value], repo)).toThrow(new UsageError(`--port-base must be a port number from 1 to 65532, not "${value}"`));
  });

  it('take --instances N: N instances of each service that scales out', () => {
    expect(parseStartArguments(['--instances', '2'], repo).instances).toBe(2);
    expect(parseStartArguments(['--instances', '64'], repo).instances).toBe(64);
  });

  it('take --instances auto: one instance per core of this machine', () => {
    expect(parseStartArguments(['--instances', 'auto'], repo, 6).instances).toBe(6);
    expect(parseStartArguments(['--instances', 'auto'], repo, 128).instances).toBe(64);
  });

  it.each(['0', '65', '1.5', 'two', ''])('refuse --instances %p: a whole number from 1 to 64, or auto', (value) => {
    expect(() => parseStartArguments(['--instances', value], repo)).toThrow(
      new UsageError(`--instances must be a whole number from 1 to 64, or auto (one per core), not "${value}"`),
    );
  });

  it('refuse an option it does not know, as a usage error', () => {
    expect(() => parseStartArguments(['--rest'], repo)).toThrow(UsageError);
  });
});
