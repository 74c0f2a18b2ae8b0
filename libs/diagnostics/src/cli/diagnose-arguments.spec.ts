import path from 'node:path';
import { UsageError } from '@fapi/command-line';
import { parseDiagnoseArguments } from './diagnose-arguments';

describe('the diagnose command line', () => {
  it('--client names the folder, --certs the sandbox certs, --json the output', () => {
    expect(parseDiagnoseArguments(['--client', 'onboarded/acme', '--certs', '.sandbox/certs', '--json'])).toEqual({
      help: false,
      folder: path.resolve('onboarded/acme'),
      certsDir: path.resolve('.sandbox/certs'),
      json: true,
    });
    expect(parseDiagnoseArguments(['--client', 'onboarded/acme'])).toEqual({ help: false, folder: path.resolve('onboarded/acme'), json: false });
  });

  it('refuses a command line without --client, or with an unknown option', () => {
    expect(() => parseDiagnoseArguments([])).toThrow(new UsageError('--client is required'));
    expect(() => parseDiagnoseArguments(['--client', 'x', '--verbose'])).toThrow(UsageError);
  });
});
