import { readCommandLine, UsageError } from './read-command-line';

describe('readCommandLine', () => {
  const options = { port: { type: 'string' }, verbose: { type: 'boolean' } } as const;

  it('returns the values parseArgs reads', () => {
    expect(readCommandLine({ args: ['--port', '8443', '--verbose'], options }).values).toEqual({ port: '8443', verbose: true });
  });

  it('turns an unknown option into a UsageError naming it', () => {
    expect(() => readCommandLine({ args: ['--prot', '8443'], options })).toThrow(UsageError);
    expect(() => readCommandLine({ args: ['--prot', '8443'], options })).toThrow(/--prot/);
  });

  it('refuses a stray positional argument unless the command allows them', () => {
    expect(() => readCommandLine({ args: ['extra'], options })).toThrow(UsageError);
    expect(readCommandLine({ args: ['extra'], options, allowPositionals: true }).positionals).toEqual(['extra']);
  });
});
