import type { DiagnosisContext } from '../diagnosis-context';
import type { Outcome } from '../finding';

/** One thing `diagnose` checks; DIAGNOSTIC_CHECKS lists them in the order they run. */
export interface DiagnosticCheck {
  id: string;
  /** What it checks, in the words a skipped check's line uses. */
  title: string;
  /** The checks (ids) that must have passed first: a failure there makes this one meaningless, so it is skipped. */
  needs: string[];
  /** One outcome, or one per item checked (e.g. per redirect URI); a check passes when none is a problem. */
  run(context: DiagnosisContext): Promise<Outcome | Outcome[]> | Outcome | Outcome[];
}
