import { Counter } from 'prom-client';
import type { SettlementOutcome } from './settlement';

/** Settlement decisions committed, by outcome and the status the payment reached (served at /metrics). */
const settlements = new Counter({
  name: 'fapi_payment_settlements_total',
  help: 'Domestic payments settled or rejected, by outcome and the status reached',
  labelNames: ['outcome', 'status'] as const,
});

/** Counts a committed decision (a payment already decided or unknown changed nothing); returns the outcome as it is. */
export function countSettlement(outcome: SettlementOutcome): SettlementOutcome {
  if (outcome.outcome === 'settled' || outcome.outcome === 'rejected') settlements.inc({ outcome: outcome.outcome, status: outcome.status });
  return outcome;
}
