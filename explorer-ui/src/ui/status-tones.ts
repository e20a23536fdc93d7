// How a status looks: green (good) for what may go on, amber (wait) for what waits or is held, red (stop) for what
// is stopped, grey (neutral) otherwise. Every status a ledger record can take is listed, keyed by the chaincode's own
// record types, so a new status fails to compile here until it is given a tone.
import type {
  Deviation,
  Donation,
  LookBackCase,
  LookBackRequest,
  Lot,
  Pool,
  RegulatorReleaseState,
  Shipment,
  ShippingCase,
  TestResult,
  Unit,
} from '@plasma/chaincode/browser';

export type Tone = 'good' | 'wait' | 'stop' | 'neutral';

// Every record's status is named, even where two records share one union today (a pool's and a deviation's).
type RecordStatus =
  | Donation['status']
  | Shipment['status']
  | Pool['status']
  | Lot['status']
  // eslint-disable-next-line @typescript-eslint/no-duplicate-type-constituents -- named apart on purpose
  | Deviation['status']
  | RegulatorReleaseState['status']
  | Unit['status']
  | ShippingCase['status']
  | LookBackCase['status']
  | LookBackRequest['status']
  | TestResult['conclusion']
  | Deviation['classification']
  | NonNullable<TestResult['investigation']>['status'];

const RECORD_TONES = {
  // donations
  collected: 'good',
  screened: 'wait',
  rejected: 'stop',
  stored: 'good',
  shipped: 'good',
  received: 'good',
  quarantined: 'wait',
  released: 'good',
  pooled: 'good',
  'on-hold': 'wait',
  destroyed: 'stop',
  interdicted: 'stop',
  // shipments, pools, deviations, the regulator's release
  dispatched: 'wait',
  open: 'wait',
  closed: 'good',
  awaiting: 'wait',
  // lots
  'in-process': 'wait',
  'qa-released': 'good',
  recalled: 'stop',
  // units and cases
  commissioned: 'good',
  packed: 'good',
  // look-backs and their requests
  'in-progress': 'wait',
  complete: 'good',
  requested: 'wait',
  confirmed: 'stop',
  declined: 'neutral',
  // test results, their OOS investigations, deviation classes
  pass: 'good',
  fail: 'stop',
  invalidated: 'good',
  minor: 'wait',
  major: 'stop',
  critical: 'stop',
} as const satisfies Record<RecordStatus, Tone>;

// Words of the explorer's own verdicts, not ledger statuses: node health, verification, holds by kind.
const WORD_TONES: ReadonlyArray<readonly [RegExp, Tone]> = [
  [/^(valid|healthy|conforming|signed|links|chain intact)$/i, 'good'],
  [/(hold|pending|waiting|in-transit|tolerated|still open)/i, 'wait'],
  [/(invalid|violation|fail|down|mismatch|salvage|non-conforming|broken|critical|refused|out of range)/i, 'stop'],
];

export function toneOf(status: string): Tone {
  return (RECORD_TONES as Readonly<Record<string, Tone>>)[status] ?? WORD_TONES.find(([pattern]) => pattern.test(status))?.[1] ?? 'neutral';
}
