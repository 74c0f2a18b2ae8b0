import path from 'node:path';
import { UsageError } from '@fapi/command-line';
import { parseCertsArguments } from './certs-arguments';

const defaults = { outDir: '/sandbox/certs/out' };
const parse = (...argv: string[]) => parseCertsArguments(argv, defaults);

describe('npm run certs reads its options', () => {
  it('writes to the default folder, names no public host, with the default renewal window', () => {
    expect(parse()).toEqual({ help: false, options: { outDir: '/sandbox/certs/out', renewWithinDays: undefined, publicHosts: {} } });
  });

  it('a bank engineer names each service’s public hosts with --host SERVICE=HOST, one option per host', () => {
    const command = parse(
      ...['--out', 'certs/prod', '--renew-within-days', '10'],
      ...['--host', 'authorization-server=auth.sandbox.example.com', '--host', 'bank-api=bank.sandbox.example.com'],
      ...['--host', 'bank-api=bank.example.net', '--host', 'tpp-client=fintech.sandbox.example.com'],
    );
    expect(command).toEqual({
      help: false,
      options: {
        outDir: path.resolve('certs/prod'),
        renewWithinDays: 10,
        publicHosts: {
          'authorization-server': ['auth.sandbox.example.com'],
          'bank-api': ['bank.sandbox.example.com', 'bank.example.net'],
          'tpp-client': ['fintech.sandbox.example.com'],
        },
      },
    });
  });

  it('refuses a host for a service that presents no server certificate, naming the services that do', () => {
    expect(() => parse('--host', 'consent-service=consent.example.com')).toThrow(
      new UsageError('--host consent-service=consent.example.com: name the service before "=": authorization-server, bank-api, tpp-client'),
    );
  });

  it.each([
    ['bank-api=https://bank.example.com', '"https://bank.example.com"'],
    ['bank-api=bank.example.com:443', '"bank.example.com:443"'],
    ['bank-api=*.example.com', '"*.example.com"'],
    ['bank-api=Bank.Example.com', '"Bank.Example.com"'],
    ['bank-api=bank', '"bank"'],
    ['bank-api=', '""'],
  ])('refuses %s: a certificate names a bare lowercase DNS host', (assignment, shown) => {
    expect(() => parse('--host', assignment)).toThrow(
      new UsageError(`--host ${assignment}: ${shown} is not a lowercase DNS host name of two or more labels (e.g. auth.sandbox.example.com)`),
    );
  });

  it('refuses a renewal window that is not a whole number of days', () => {
    expect(() => parse('--renew-within-days', 'soon')).toThrow(new UsageError('--renew-within-days must be a whole number of days'));
  });

  it('refuses an unknown option', () => {
    expect(() => parse('--hosts', 'bank-api=bank.example.com')).toThrow(UsageError);
  });
});
