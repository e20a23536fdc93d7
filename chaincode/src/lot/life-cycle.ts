// The lot's life cycle: every contract that acts on a lot (Lot, TestResult, Units, LookBack) moves it through the one
// table of steps (lot-steps.ts), so no status is checked, or changed, anywhere else.
import { ConflictError } from '../errors';
import type { ChangeStamp } from '../ledger/change';
import { newLot, type Lot } from './lot';
import { STEPS, type LotStep } from './lot-steps';

export { LOT_STEPS, lotAllows, type LotStep } from './lot-steps';

/** Refuses with CONFLICT, naming the status and the reason, when the lot's status does not allow `step`. */
export function assertLotStep(lot: Lot, step: LotStep): void {
  const rule = STEPS[step];
  if (!rule.from.includes(lot.status)) {
    throw new ConflictError(`lot ${lot.lotId} is ${lot.status}; ${step} needs it ${rule.from.join(' or ')} (${rule.because})`);
  }
}

/** The lot after `step`, with `changes` applied and the audit stamp set; validated as a whole. */
export function advanceLot(lot: Lot, step: LotStep, changes: Partial<Lot>, stamp: ChangeStamp): Lot {
  assertLotStep(lot, step);
  return newLot({ ...lot, ...changes, status: STEPS[step].to ?? lot.status, lastChange: stamp });
}
