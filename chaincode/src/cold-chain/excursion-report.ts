// A device excursion as the ingest reports it, with the evidence the chaincode checks for itself: the peak
// reading, its inclusion proof and the anchored window root it leads to.
import { ValidationError } from '../errors';
import type { InclusionProof } from '../ledger/merkle';
import { EXCURSION_TEMPERATURE_RULE } from '../donation/donation';
import { ISO_INSTANT_RULE, utcIso } from '../time';
import { ANY_RULE, integerBetween, matching, OBJECT_RULE, readList, readObject, text } from '../validation';
import { ROOT_RULE } from './window-anchor';
import { identifierRule } from '../identifiers/identifier';

export interface ExcursionEvidence {
  readonly windowStart: string;
  readonly root: string;
  readonly readingId: string;
  /** The reading exactly as hashed into the leaf: RFC 8785 JSON of { device, node, sourceTime, statusCode, value }. */
  readonly canonicalReading: string;
  readonly proof: InclusionProof;
}

export interface ExcursionReport {
  readonly excursionId: string;
  readonly device: string;
  readonly startedAt: string;
  /** Absent while the excursion is still running. */
  readonly endedAt?: string;
  readonly peakTemperatureC: number;
  readonly evidence: ExcursionEvidence;
}

export const EXCURSION_ID_RULE = identifierRule('excursion');
const MAX_PROOF_STEPS = 64;
const SIDE_RULE = matching(/^(left|right)$/, 'must be left or right');

function readProof(value: unknown, name: string): InclusionProof {
  const f = readObject(value, name, ['index', 'leafCount', 'steps']);
  const leafCount = f.required('leafCount', integerBetween(1, 10_000_000, 'readings'));
  const index = f.required('index', integerBetween(0, leafCount - 1, 'positions'));
  const steps = readList(f.required('steps', ANY_RULE), f.path('steps'), OBJECT_RULE, { max: MAX_PROOF_STEPS }).map((step, i) => {
    const s = readObject(step, `${f.path('steps')}[${i}]`, ['side', 'hash']);
    return { side: s.required('side', SIDE_RULE) as 'left' | 'right', hash: s.required('hash', ROOT_RULE) };
  });
  return { index, leafCount, steps };
}

export function readExcursionReport(value: unknown): ExcursionReport {
  const f = readObject(value, 'excursion', ['excursionId', 'device', 'startedAt', 'endedAt', 'peakTemperatureC', 'evidence']);
  const e = readObject(f.required('evidence', OBJECT_RULE), f.path('evidence'), [
    'windowStart',
    'root',
    'readingId',
    'canonicalReading',
    'proof',
  ]);
  const startedAt = utcIso(f.required('startedAt', ISO_INSTANT_RULE));
  const endedAt = f.values.endedAt === null ? undefined : f.optional('endedAt', ISO_INSTANT_RULE);
  if (endedAt !== undefined && Date.parse(endedAt) < Date.parse(startedAt)) {
    throw new ValidationError(f.path('endedAt'), 'must not be before startedAt');
  }
  const report: ExcursionReport = {
    excursionId: f.required('excursionId', EXCURSION_ID_RULE),
    device: f.required('device', identifierRule('device')),
    startedAt,
    peakTemperatureC: f.required('peakTemperatureC', EXCURSION_TEMPERATURE_RULE),
    evidence: {
      windowStart: utcIso(e.required('windowStart', ISO_INSTANT_RULE)),
      root: e.required('root', ROOT_RULE),
      readingId: e.required('readingId', text(160)),
      canonicalReading: e.required('canonicalReading', text(1024)),
      proof: readProof(e.required('proof', ANY_RULE), e.path('proof')),
    },
  };
  // An excursion is named after its device, so that no other site can take the id its ingest will report under.
  if (!report.excursionId.startsWith(`${report.device}/`)) {
    throw new ValidationError(f.path('excursionId'), `must start with the device id and "/" (${report.device}/...)`);
  }
  return endedAt === undefined ? report : { ...report, endedAt: utcIso(endedAt) };
}
