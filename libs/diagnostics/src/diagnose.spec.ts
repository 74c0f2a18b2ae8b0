import type { DiagnosticCheck } from './checks/diagnostic-check';
import { diagnose } from './diagnose';
import { passed, problem, warning } from './finding';
import { diagnosisJson, diagnosisText } from './report';

const check = (id: string, needs: string[], outcome: ReturnType<typeof passed> | ReturnType<typeof passed>[]): DiagnosticCheck => ({
  id,
  title: `the ${id} check`,
  needs,
  run: () => outcome,
});

const run = (checks: DiagnosticCheck[]) => diagnose({ folder: '/onboarded/faked', https: jest.fn(), now: () => new Date() }, checks);

describe('diagnose runs the checks in order and skips those a failure makes meaningless', () => {
  it('a check whose needs did not pass is not run, and its line names the first need that did not pass', async () => {
    const later = jest.fn();
    const diagnosis = await run([
      check('server', [], problem('the server cannot be reached', 'start it')),
      check('clock', [], passed('the clock agrees')),
      { ...check('token', ['clock', 'server'], passed('unused')), run: later },
    ]);

    expect(later).not.toHaveBeenCalled();
    expect(diagnosis.findings).toEqual([
      { check: 'server', status: 'problem', summary: 'the server cannot be reached', fix: 'start it' },
      { check: 'clock', status: 'ok', summary: 'the clock agrees' },
      { check: 'token', status: 'skipped', summary: 'the token check: not checked (it needs: the server check)' },
    ]);
    expect(diagnosis.healthy).toBe(false);
  });

  it('a warning passes (what needs it runs) and leaves the diagnosis healthy; one problem among several outcomes fails the check', async () => {
    const diagnosis = await run([
      check('clock', [], warning('the clock is 12 s ahead', 'synchronise it')),
      check('uris', ['clock'], [passed('first registered'), problem('second not registered', 'register it')]),
      check('after-uris', ['uris'], passed('unused')),
    ]);

    expect(diagnosis.findings.map(({ status }) => status)).toEqual(['warning', 'ok', 'problem', 'skipped']);
    expect((await run([check('clock', [], warning('the clock is 12 s ahead', 'synchronise it'))])).healthy).toBe(true);
  });
});

describe('the report', () => {
  it('prints one marked line per finding, the fix under a problem or warning, and a count', async () => {
    const diagnosis = await run([
      check('server', [], problem('the server cannot be reached', 'start it')),
      check('clock', [], warning('the clock is 12 s ahead', 'synchronise it')),
      check('folder', [], passed('the folder reads')),
      check('token', ['server'], passed('unused')),
    ]);

    expect(diagnosisText(diagnosis)).toBe(
      [
        '✗ the server cannot be reached',
        '    → start it',
        '! the clock is 12 s ahead',
        '    → synchronise it',
        '✓ the folder reads',
        '– the token check: not checked (it needs: the server check)',
        '',
        '1 problem found.',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(diagnosisJson(diagnosis))).toEqual(diagnosis);
  });

  it('says so when nothing needs doing', async () => {
    expect(diagnosisText(await run([check('folder', [], passed('the folder reads'))]))).toBe('✓ the folder reads\n\nNo problem found.\n');
  });
});
