// What the ledger keeps of a device excursion it acted on: the report's facts and every donation it held.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ValidationError } from '../errors';
import { DIN_RULE } from '../identifiers/din';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { EXCURSION_TEMPERATURE_RULE, LOCATION_RULE } from '../donation/donation';
import { MAX_BATCH } from '../ledger/limits';
import { ISO_INSTANT_RULE } from '../time';
import { identifierRule } from '../identifiers/identifier';
import { compositeKey } from '../ledger/keys';
import {
  ANY_RULE,
  BOOLEAN_RULE,
  IDENTIFIER_RULE,
  matching,
  OBJECT_RULE,
  readList,
  readObject,
  text,
  withoutUndefined,
} from '../validation';
import { EXCURSION_ID_RULE } from './excursion-report';
import { ROOT_RULE } from './window-anchor';

export interface ExcursionRecord {
  readonly excursionId: string;
  readonly device: string;
  readonly site: string;
  /** Where the freezer stands; absent for a reefer logger, which names its shipments instead. */
  readonly location?: string;
  /** A reefer logger's excursion: every shipment travelling with the logger whose bags it put on hold. */
  readonly shipments?: readonly string[];
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly peakTemperatureC: number;
  /** The anchored evidence of the latest report: window, root, reading and the transaction that anchored the root. */
  readonly evidence: { readonly windowStart: string; readonly root: string; readonly readingId: string; readonly anchorTxId: string };
  /** Every donation this excursion put on hold, over all its reports. */
  readonly dins: readonly string[];
  /** A freezer's report with bags left for ColdChain:ContinueExcursion: after which DIN, until when, and whether it worsened. */
  readonly continuation?: { readonly after: string; readonly until: string; readonly holdsAgain: boolean };
  readonly lastChange: ChangeStamp;
}

export const excursionKey = (ctx: Context, excursionId: string): string => compositeKey(ctx, 'excursion', [excursionId]);

export function newExcursionRecord(value: unknown): ExcursionRecord {
  const f = readObject(
    value,
    'excursionRecord',
    [
      'excursionId',
      'device',
      'site',
      'location',
      'shipments',
      'startedAt',
      'endedAt',
      'peakTemperatureC',
      'evidence',
      'dins',
      'continuation',
      'lastChange',
    ],
    '',
  );
  const continuation = f.optional('continuation', OBJECT_RULE);
  const shipments = f.optional('shipments', ANY_RULE);
  const e = readObject(f.required('evidence', OBJECT_RULE), 'evidence', ['windowStart', 'root', 'readingId', 'anchorTxId']);
  const record: ExcursionRecord = withoutUndefined({
    excursionId: f.required('excursionId', EXCURSION_ID_RULE),
    device: f.required('device', identifierRule('device')),
    site: f.required('site', MSP_ID_RULE),
    location: f.optional('location', LOCATION_RULE),
    shipments: shipments === undefined ? undefined : readList(shipments, 'shipments', IDENTIFIER_RULE, { max: MAX_BATCH, unique: true }),
    startedAt: f.required('startedAt', ISO_INSTANT_RULE),
    endedAt: f.optional('endedAt', ISO_INSTANT_RULE),
    peakTemperatureC: f.required('peakTemperatureC', EXCURSION_TEMPERATURE_RULE),
    evidence: {
      windowStart: e.required('windowStart', ISO_INSTANT_RULE),
      root: e.required('root', ROOT_RULE),
      readingId: e.required('readingId', text(160)),
      anchorTxId: e.required('anchorTxId', matching(/^[0-9a-f]{64}$/, 'must be a transaction id')),
    },
    dins: readList(f.required('dins', ANY_RULE), 'dins', DIN_RULE, { max: 100_000, unique: true }),
    continuation:
      continuation === undefined
        ? undefined
        : (() => {
            const c = readObject(continuation, 'continuation', ['after', 'until', 'holdsAgain']);
            return {
              after: c.required('after', DIN_RULE),
              until: c.required('until', ISO_INSTANT_RULE),
              holdsAgain: c.required('holdsAgain', BOOLEAN_RULE),
            };
          })(),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE)),
  });
  if ((record.location === undefined) === (record.shipments === undefined)) {
    throw new ValidationError(
      'location',
      "names the freezer's location, or shipments the reefer logger's shipments: exactly one of the two",
    );
  }
  return record;
}
