import type { Diagnosis } from './diagnose';
import type { FindingStatus } from './finding';

const MARKS: Record<FindingStatus, string> = { ok: '✓', problem: '✗', warning: '!', skipped: '–' };

/** One line per finding, its fix indented under it, and a last line saying whether anything needs doing. */
export function diagnosisText(diagnosis: Diagnosis): string {
  const lines = diagnosis.findings.flatMap(({ status, summary, fix }) => [`${MARKS[status]} ${summary}`, ...(fix ? [`    → ${fix}`] : [])]);
  const problems = diagnosis.findings.filter(({ status }) => status === 'problem').length;
  lines.push('', problems === 0 ? 'No problem found.' : `${problems} problem${problems === 1 ? '' : 's'} found.`);
  return `${lines.join('\n')}\n`;
}

/** The diagnosis as JSON, for tools (`--json`). */
export const diagnosisJson = (diagnosis: Diagnosis): string => `${JSON.stringify(diagnosis, null, 2)}\n`;
