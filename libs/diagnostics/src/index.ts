/** Checks an onboarded TPP folder against the running sandbox and says, in plain words, what is wrong and what to do. */
export { diagnose, type Diagnosis } from './diagnose';
export { diagnosisJson, diagnosisText } from './report';
export { DIAGNOSTIC_CHECKS } from './diagnostic-checks';
export type { DiagnosticCheck } from './checks/diagnostic-check';
export type { Finding, FindingStatus } from './finding';
export { type HttpsProbe, httpsProbe, Unreachable } from './https-probe';
