// What may happen to a lot in which status: the one table every contract acting on a lot asks (through life-cycle.ts),
// apart so that the explorer offers a step only where the ledger would take it (it imports no ledger code).
//
//   in-process ─qa-release─▶ qa-released ─regulator-release─▶ released ─recall─▶ recalled
//        │ batch record (steps), deviations, units and cases   │ qa-released ─recall─▶ recalled
//   holds (quality, oos, look-back) overlay any status but recalled; only a released lot free of holds ships.
import type { LotStatus } from './lot';

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

export const STEPS: Readonly<Record<LotStep, StepRule>> = {
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
