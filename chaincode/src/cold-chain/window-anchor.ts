// The Merkle roots of one ingest window of a site: one per device that stored readings in it, anchored together.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ValidationError } from '../errors';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { identifierRule } from '../identifiers/identifier';
import { compositeKey } from '../ledger/keys';
import { HOUR_MS, ISO_INSTANT_RULE, utcIso } from '../time';
import { ANY_RULE, integerBetween, matching, OBJECT_RULE, readList, readObject } from '../validation';

export interface DeviceRoot {
  readonly device: string;
  /** Merkle root over the device's readings of the window, 64 lower-case hex characters. */
  readonly root: string;
  readonly leafCount: number;
}

export interface WindowAnchor {
  readonly site: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly roots: readonly DeviceRoot[];
  readonly anchoredTxId: string;
  readonly lastChange: ChangeStamp;
}

/** What AnchorReadings takes. */
export interface WindowInput {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly roots: readonly DeviceRoot[];
}

export const ROOT_RULE = matching(/^[0-9a-f]{64}$/, 'must be a Merkle root: 64 lowercase hex characters');
const MAX_LEAVES = 10_000_000;
const MAX_DEVICES = 500;

export const windowAnchorKey = (ctx: Context, site: string, windowStart: string): string =>
  compositeKey(ctx, 'coldchain-window', [site, utcIso(windowStart)]);

function readRoot(value: unknown, name: string): DeviceRoot {
  const f = readObject(value, name, ['device', 'root', 'leafCount']);
  return {
    device: f.required('device', identifierRule('device')),
    root: f.required('root', ROOT_RULE),
    leafCount: f.required('leafCount', integerBetween(1, MAX_LEAVES, 'readings')),
  };
}

/** A window as the ingest sends it: at most an hour long, its roots sorted by device, each device once. */
export function readWindowInput(value: unknown, name = 'window'): WindowInput {
  const f = readObject(value, name, ['windowStart', 'windowEnd', 'roots']);
  const windowStart = utcIso(f.required('windowStart', ISO_INSTANT_RULE));
  const windowEnd = utcIso(f.required('windowEnd', ISO_INSTANT_RULE));
  const span = Date.parse(windowEnd) - Date.parse(windowStart);
  if (span <= 0 || span > HOUR_MS) {
    throw new ValidationError(f.path('windowEnd'), 'must be after windowStart and at most 1 hour later');
  }
  const listed = readList(f.required('roots', ANY_RULE), f.path('roots'), OBJECT_RULE, { min: 1, max: MAX_DEVICES });
  const roots = listed.map((root, index) => readRoot(root, `${f.path('roots')}[${index}]`));
  roots.forEach((root, index) => {
    if (index > 0 && roots[index - 1]!.device >= root.device) {
      throw new ValidationError(
        `${f.path('roots')}[${index}].device`,
        'must sort after the previous device: roots are sorted by device, each device once',
      );
    }
  });
  return { windowStart, windowEnd, roots };
}

export function newWindowAnchor(value: unknown): WindowAnchor {
  const f = readObject(value, 'windowAnchor', ['site', 'windowStart', 'windowEnd', 'roots', 'anchoredTxId', 'lastChange'], '');
  const window = readWindowInput(
    { windowStart: f.values.windowStart, windowEnd: f.values.windowEnd, roots: f.values.roots },
    'windowAnchor',
  );
  return {
    site: f.required('site', MSP_ID_RULE),
    ...window,
    anchoredTxId: f.required('anchoredTxId', matching(/^[0-9a-f]{64}$/, 'must be a transaction id')),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE)),
  };
}

/** How events and the audit trail name an anchor: `<site>/<windowStart>`. */
export const windowAnchorId = (anchor: Pick<WindowAnchor, 'site' | 'windowStart'>): string => `${anchor.site}/${anchor.windowStart}`;

export function windowAnchorKeyOfId(ctx: Context, id: string): string {
  const [site = '', windowStart = ''] = id.split('/');
  if (!MSP_ID_RULE.test(site) || !ISO_INSTANT_RULE.test(windowStart)) {
    throw new ValidationError('id', 'must name a window anchor as <mspId>/<windowStart>');
  }
  return windowAnchorKey(ctx, site, windowStart);
}
