/** What one check found: passed (✓), a problem (✗, the command fails), a warning (!, it does not), or not checked. */
export type FindingStatus = 'ok' | 'problem' | 'warning' | 'skipped';

export interface Finding {
  /** The id of the check that found it (its entry in DIAGNOSTIC_CHECKS). */
  check: string;
  status: FindingStatus;
  /** One line, in plain words, naming the file, URL or value concerned. */
  summary: string;
  /** What to do about it (problems and warnings). */
  fix?: string;
}

/** The findings of one check, before the runner names the check on them. */
export type Outcome = Omit<Finding, 'check'>;

export const passed = (summary: string): Outcome => ({ status: 'ok', summary });
export const problem = (summary: string, fix: string): Outcome => ({ status: 'problem', summary, fix });
export const warning = (summary: string, fix: string): Outcome => ({ status: 'warning', summary, fix });
export const skipped = (summary: string): Outcome => ({ status: 'skipped', summary });
