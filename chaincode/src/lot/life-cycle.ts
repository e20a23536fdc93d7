// The lot's life cycle: the one table of what may happen to a lot in which status. Every contract that acts on a lot
// (Lot, TestResult, Units, LookBack) asks it, so no status is checked, or changed, anywhere else.
//
//   in-process ─qa-release─▶ qa-released ─regulator-release─▶ released ─recall─▶ recalled
//        │ batch record (steps), deviations, units and cases   │ qa-released ─recall─▶ recalled
//   holds (quality, oos, look-back) overlay any status but recalled; only a released lot free of holds ships.
import { ConflictError } from '../errors';
import type { ChangeStamp } from '../ledger/change';
import { newLot, type Lot, type LotStatus } from './lot';

export type LotStep =
  | 'record-step'
  | 'raise-deviation'
  | 'close-deviation'
  | 'place-hold'
  | 'release-hold'
  | 'qa-release'
  | 'regulator-release'
  | 'recall'
  | 'commission-units'
  | 'pack-case'
  | 'ship-cases';

interface StepRule {
  readonly from: readonly LotStatus[];
  /** Where it goes; absent for what leaves the status as it is. */
  readonly to?: LotStatus;
  /** Why the step needs those statuses, for the refusal. */
  readonly because: string;
}

const UNRECALLED: readonly LotStatus[] = ['in-process', 'qa-released', 'released'];

const STEPS: Readonly<Record<LotStep, StepRule>> = {
  'record-step': { from: ['in-process'], because: 'its batch record closes with the QA release' },
  'raise-deviation': { from: UNRECALLED, because: 'a recalled lot takes no more records' },
  'close-deviation': { from: UNRECALLED, because: 'a recalled lot takes no more records' },
  'place-hold': { from: UNRECALLED, because: 'a recalled lot is already out of use' },
  'release-hold': { from: UNRECALLED, because: 'a recalled lot stays out of use' },
  'qa-release': { from: ['in-process'], to: 'qa-released', because: 'QA releases a lot in process' },
  'regulator-release': { from: ['qa-released'], to: 'released', because: 'the regulator releases after the QA release' },
  recall: { from: ['qa-released', 'released'], to: 'recalled', because: 'only a released lot is recalled' },
  // Units are commissioned and packed on the packaging line, while the lot is still in quarantine.
  'commission-units': { from: UNRECALLED, because: 'serialisation stops once a lot is recalled' },
  'pack-case': { from: UNRECALLED, because: 'packing stops once a lot is recalled' },
  'ship-cases': { from: ['released'], because: 'only a lot released by QA and the regulator ships' },
};

/** Every step, for tests and documentation. */
export const LOT_STEPS = Object.keys(STEPS) as readonly LotStep[];

/** Whether `step` may happen to a lot in `status`. */
export const lotAllows = (step: LotStep, status: LotStatus): boolean => STEPS[step].from.includes(status);

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
