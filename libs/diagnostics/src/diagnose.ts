import type { DiagnosticCheck } from './checks/diagnostic-check';
import { DiagnosisContext, type DiagnosisOptions } from './diagnosis-context';
import { DIAGNOSTIC_CHECKS } from './diagnostic-checks';
import type { Finding } from './finding';
import { httpsProbe } from './https-probe';

export interface Diagnosis {
  folder: string;
  /** True when no finding is a problem (warnings allowed). */
  healthy: boolean;
  findings: Finding[];
}

/**
 * Runs the checks in order on an onboarded folder; a check whose `needs` did not all pass is skipped, its line naming
 * the first of them that did not.
 */
export async function diagnose(
  options: Pick<DiagnosisOptions, 'folder' | 'certsDir'> & Partial<DiagnosisOptions>,
  checks: readonly DiagnosticCheck[] = DIAGNOSTIC_CHECKS,
): Promise<Diagnosis> {
  const context = new DiagnosisContext({ https: httpsProbe, now: () => new Date(), ...options });
  const passed = new Set<string>();
  const findings: Finding[] = [];
  for (const check of checks) {
    const missing = check.needs.find((id) => !passed.has(id));
    if (missing) {
      const blocker = checks.find(({ id }) => id === missing)?.title ?? missing;
      findings.push({ check: check.id, status: 'skipped', summary: `${check.title}: not checked (it needs: ${blocker})` });
      continue;
    }
    const outcomes = [await check.run(context)].flat();
    findings.push(...outcomes.map((outcome) => ({ check: check.id, ...outcome })));
    if (outcomes.every(({ status }) => status === 'ok' || status === 'warning')) passed.add(check.id);
  }
  return { folder: options.folder, healthy: findings.every(({ status }) => status !== 'problem'), findings };
}
