import path from 'node:path';
import { UsageError } from '@fapi/command-line';
import { parseOnboardArguments, slugOf } from './onboard-arguments';

const defaults = { certsDir: '/sandbox/certs/out', issuer: 'https://localhost:8443', bankUrl: 'https://localhost:8444', onboardedRoot: '/repo/onboarded' };
const required = ['--name', 'Acme Budgeting', '--redirect-uri', 'https://localhost:9000/cb', '--auth-method', 'private_key_jwt', '--response-style', 'jarm'];

const parse = (argv: string[]) => parseOnboardArguments(argv, defaults);
const refusal = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('the onboard command line', () => {
  it('fills the sandbox defaults: PS256, onboarded/<slug>, the configured certs, issuer and bank', () => {
    expect(parse(required)).toEqual({
      help: false,
      ifAbsent: false,
      options: {
        name: 'Acme Budgeting',
        redirectUris: ['https://localhost:9000/cb'],
        authMethod: 'private_key_jwt',
        profile: 'fapi1-advanced',
        responseStyle: 'jarm',
        signingAlg: 'PS256',
        outDir: '/repo/onboarded/acme-budgeting',
        certsDir: '/sandbox/certs/out',
        issuer: 'https://localhost:8443',
        bankUrl: 'https://localhost:8444',
      },
    });
  });

  it('takes every option, repeated redirect URIs and --if-absent', () => {
    const command = parse([
      ...['--name', 'Acme', '--redirect-uri', 'https://a.test/cb', '--redirect-uri', 'https://b.test/cb'],
      ...['--auth-method', 'tls_client_auth', '--response-style', 'hybrid', '--alg', 'ES256', '--out', 'tmp/acme'],
      ...['--certs', 'other/certs', '--issuer', 'https://as.test', '--bank', 'https://bank.test', '--if-absent'],
    ]);
    expect(command).toEqual({
      help: false,
      ifAbsent: true,
      options: {
        name: 'Acme',
        redirectUris: ['https://a.test/cb', 'https://b.test/cb'],
        authMethod: 'tls_client_auth',
        profile: 'fapi1-advanced',
        responseStyle: 'hybrid',
        signingAlg: 'ES256',
        outDir: path.resolve('tmp/acme'),
        certsDir: path.resolve('other/certs'),
        issuer: 'https://as.test',
        bankUrl: 'https://bank.test',
      },
    });
  });

  it('--profile fapi2 defaults to mTLS-bound tokens and signed request objects, and takes no response style', () => {
    expect(parse(['--profile', 'fapi2', ...required.slice(0, 6)])).toEqual({
      help: false,
      ifAbsent: false,
      options: {
        name: 'Acme Budgeting',
        redirectUris: ['https://localhost:9000/cb'],
        authMethod: 'private_key_jwt',
        profile: 'fapi2',
        senderConstraint: 'mtls',
        requestObject: 'signed',
        signingAlg: 'PS256',
        outDir: '/repo/onboarded/acme-budgeting',
        certsDir: '/sandbox/certs/out',
        issuer: 'https://localhost:8443',
        bankUrl: 'https://localhost:8444',
      },
    });
  });

  it('--profile fapi2 takes a DPoP sender constraint and unsigned request objects', () => {
    const command = parse(['--profile', 'fapi2', ...required.slice(0, 6), '--sender-constraint', 'dpop', '--request-object', 'unsigned']);
    expect(command).toMatchObject({ options: { profile: 'fapi2', senderConstraint: 'dpop', requestObject: 'unsigned' } });
  });

  it('--profile fapi1-advanced is the default, spelled out or not', () => {
    expect(parse(['--profile', 'fapi1-advanced', ...required])).toEqual(parse(required));
  });

  const fapi2 = ['--profile', 'fapi2', ...required.slice(0, 6)];
  it.each([
    ['--sender-constraint applies to --profile fapi2 only, not fapi1-advanced', [...required, '--sender-constraint', 'dpop']],
    ['--request-object applies to --profile fapi2 only, not fapi1-advanced', [...required, '--request-object', 'unsigned']],
    ['--response-style applies to --profile fapi1-advanced only, not fapi2', [...fapi2, '--response-style', 'jarm']],
    ['--response-style is required (jarm or hybrid)', ['--profile', 'fapi1-advanced', ...required.slice(0, 6)]],
    ['--profile must be fapi1-advanced or fapi2 or teaching, not "fapi1"', [...required, '--profile', 'fapi1']],
    ['--sender-constraint must be mtls or dpop, not "bearer"', [...fapi2, '--sender-constraint', 'bearer']],
    ['--request-object must be signed or unsigned, not "jwe"', [...fapi2, '--request-object', 'jwe']],
  ])('refuses an option of the other profile, or a value no profile has: %s', (message, argv) => {
    expect(refusal(argv)).toBe(message);
  });

  const teaching = (authMethod: string) => ['--profile', 'teaching', ...required.slice(0, 4), '--auth-method', authMethod];
  const target = {
    name: 'Acme Budgeting',
    redirectUris: ['https://localhost:9000/cb'],
    outDir: '/repo/onboarded/acme-budgeting',
    certsDir: '/sandbox/certs/out',
    issuer: 'https://localhost:8443',
    bankUrl: 'https://localhost:8444',
  };

  it('--profile teaching --auth-method none: a public client, with no signing key to choose an alg for', () => {
    expect(parse(teaching('none'))).toEqual({ help: false, ifAbsent: false, options: { ...target, profile: 'teaching', authMethod: 'none' } });
  });

  it('--profile teaching with private_key_jwt takes the alg of its signing key; with tls_client_auth it has no signing key', () => {
    expect(parse([...teaching('private_key_jwt'), '--alg', 'ES256'])).toEqual({
      help: false,
      ifAbsent: false,
      options: { ...target, profile: 'teaching', authMethod: 'private_key_jwt', signingAlg: 'ES256' },
    });
    expect(parse(teaching('tls_client_auth'))).toEqual({ help: false, ifAbsent: false, options: { ...target, profile: 'teaching', authMethod: 'tls_client_auth' } });
  });

  it.each([
    ['--sender-constraint applies to --profile fapi2 only, not teaching', [...teaching('none'), '--sender-constraint', 'dpop']],
    ['--request-object applies to --profile fapi2 only, not teaching', [...teaching('private_key_jwt'), '--request-object', 'signed']],
    ['--response-style applies to --profile fapi1-advanced only, not teaching', [...teaching('none'), '--response-style', 'jarm']],
    ['--auth-method must be none or private_key_jwt or tls_client_auth, not "client_secret_basic"', teaching('client_secret_basic')],
    ['--auth-method is required (none or private_key_jwt or tls_client_auth)', ['--profile', 'teaching', ...required.slice(0, 4)]],
    ['--auth-method must be private_key_jwt or tls_client_auth, not "none"', ['--profile', 'fapi2', ...required.slice(0, 4), '--auth-method', 'none']],
    ['--alg applies to a teaching client with --auth-method private_key_jwt only, not none', [...teaching('none'), '--alg', 'ES256']],
    ['--alg applies to a teaching client with --auth-method private_key_jwt only, not tls_client_auth', [...teaching('tls_client_auth'), '--alg', 'PS256']],
  ])('a teaching client takes no FAPI option, no shared secret, and a FAPI client is never public: %s', (message, argv) => {
    expect(refusal(argv)).toBe(message);
  });

  it.each([
    ['--name is required', []],
    ['--name is required', required.slice(2)],
    ['at least one --redirect-uri is required', [...required.slice(0, 2), ...required.slice(4)]],
    ['--redirect-uri "http://localhost:9000/cb" must use https', [...required, '--redirect-uri', 'http://localhost:9000/cb']],
    ['--redirect-uri "https://localhost:9000/cb#x" must not have a fragment', [...required, '--redirect-uri', 'https://localhost:9000/cb#x']],
    ['--redirect-uri "/cb" is not an absolute URL', [...required, '--redirect-uri', '/cb']],
    ['--auth-method is required (private_key_jwt or tls_client_auth)', [...required.slice(0, 4), ...required.slice(6)]],
    ['--response-style must be jarm or hybrid, not "query"', [...required.slice(0, 6), '--response-style', 'query']],
    ['--alg must be PS256 or ES256, not "RS256"', [...required, '--alg', 'RS256']],
    ['--issuer "http://localhost:8443" must be an https URL', [...required, '--issuer', 'http://localhost:8443']],
    ["Unknown option '--colour'", [...required, '--colour', 'blue']],
    ["Unexpected argument 'stray'", [...required, 'stray']],
  ])('refuses with a usage error: %s', (message, argv) => {
    expect(refusal(argv)).toContain(message);
  });

  it('asks for --out when the name gives no folder name', () => {
    expect(refusal(['--name', '!!!', ...required.slice(2)])).toBe('--out is required: "!!!" gives no folder name');
  });

  it('the default folder is the name as a lower-case slug', () => {
    expect(slugOf('Acme Budgeting')).toBe('acme-budgeting');
    expect(slugOf('  Crédit & Co. (UK) ')).toBe('credit-co-uk');
  });
});
