// Checks an excursion's evidence against the ledger, trusting none of the ingest's conclusions: the anchored
// root, the reading's inclusion under it, and that the reading is the peak, of the device, inside the excursion.
import { ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { leafHash, verifyInclusion } from '../ledger/merkle';
import { ISO_INSTANT_RULE } from '../time';
import { equalTo, integerBetween, parseJson, readObject } from '../validation';
import type { ExcursionReport } from './excursion-report';
import type { WindowAnchor } from './window-anchor';

const FIELD = 'excursion.evidence';

/** Refuses with VALIDATION unless the evidence proves `report`'s peak from `anchor`; `now` closes a running excursion. */
export function assertEvidence(report: ExcursionReport, anchor: WindowAnchor, now: string): void {
  const { evidence, device } = report;
  const anchored = anchor.roots.find((root) => root.device === device);
  if (anchored === undefined || anchored.root !== evidence.root) {
    throw new ValidationError(`${FIELD}.root`, `must be the root anchored for ${device} in the window starting ${anchor.windowStart}`);
  }
  if (evidence.proof.leafCount !== anchored.leafCount) {
    throw new ValidationError(`${FIELD}.proof.leafCount`, `must be ${anchored.leafCount}, the leaf count anchored with the root`);
  }
  if (!verifyInclusion(leafHash(evidence.canonicalReading), evidence.proof, anchored.root)) {
    throw new ValidationError(`${FIELD}.proof`, "must lead from the reading's leaf to the anchored root");
  }

  const parsed = parseJson(evidence.canonicalReading, `${FIELD}.canonicalReading`);
  if (toCanonicalJson(parsed) !== evidence.canonicalReading) {
    throw new ValidationError(`${FIELD}.canonicalReading`, 'must be RFC 8785 canonical JSON, as hashed into the leaf');
  }
  const reading = readObject(parsed, `${FIELD}.canonicalReading`, ['device', 'node', 'sourceTime', 'statusCode', 'value']);
  reading.required('device', equalTo(device, `must be ${device}, the excursion's device`));
  reading.required('node', equalTo('temperature', 'must be temperature'));
  reading.required('statusCode', integerBetween(0, 0, 'status (0, Good)'));
  reading.required('value', equalTo(report.peakTemperatureC, `must be ${report.peakTemperatureC}, the excursion's peak`));
  const sourceTime = reading.required('sourceTime', ISO_INSTANT_RULE);
  const at = Date.parse(sourceTime);
  if (at < Date.parse(report.startedAt) || at > Date.parse(report.endedAt ?? now)) {
    throw new ValidationError(
      `${FIELD}.canonicalReading.sourceTime`,
      "must lie between the excursion's start and its end (or now, while it runs)",
    );
  }
  if (evidence.readingId !== `${device}/temperature@${sourceTime}`) {
    throw new ValidationError(`${FIELD}.readingId`, `must be ${device}/temperature@${sourceTime}, the id of the reading given`);
  }
}
