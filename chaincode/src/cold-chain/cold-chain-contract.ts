// The ColdChain contract: devices of a site, the Merkle roots of their readings anchored per ingest window, and
// excursions raised with anchored evidence, which put on hold exactly the bags in the affected freezer, or in the
// shipments that travelled with the affected reefer logger.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { MSP_ID_RULE } from '../consortium/organisation';
import { assertCarriesOwnFin, ownedBy } from '../consortium/ownership';
import { getOrganisation } from '../consortium/registry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent, type ObjectRef } from '../ledger/events';
import { readState, writeState } from '../ledger/state';
import type { Donation } from '../donation/donation';
import { putDonation } from '../donation/donation-store';
import { holdForExcursion, reviseExcursionHold } from '../donation/temperature-hold';
import { ruleSetOf } from '../rules/rule-set';
import { ISO_INSTANT_RULE, transactionTime, utcIso } from '../time';
import { parseJson, readObject } from '../validation';
import { DEVICE_INPUT_FIELDS, deviceKey, findDevice, newDevice, type Device } from './device';
import { assertEvidence } from './excursion-evidence';
import { deviceExcursion, excursionReach, worsens, type ExcursionFacts, type ExcursionStep } from './excursion-reach';
import { excursionKey, newExcursionRecord, type ExcursionRecord } from './excursion-record';
import { readExcursionReport } from './excursion-report';
import { newWindowAnchor, readWindowInput, windowAnchorId, windowAnchorKey, type WindowAnchor } from './window-anchor';

async function getDevice(ctx: Context, deviceId: string): Promise<Device> {
  const device = await findDevice(ctx, deviceId);
  if (device === undefined) throw new NotFoundError(`device ${deviceId} is not registered`);
  return device;
}

async function findWindowAnchor(ctx: Context, site: string, windowStart: string): Promise<WindowAnchor | undefined> {
  const state = await readState(ctx, windowAnchorKey(ctx, site, windowStart));
  return state === undefined ? undefined : newWindowAnchor(state);
}

/**
 * One step of an excursion report: holds the bags it reached that are not yet held (and those released from it, if the
 * report worsened it), revises those still on its hold, writes the record with the report's facts and, for a freezer
 * with bags left, where the next step goes on. Returns `{ excursionId, dins, shipments?, continuation }`.
 */
async function holdReached(
  ctx: Context,
  device: Device,
  report: ExcursionFacts & { readonly evidence: ExcursionRecord['evidence'] },
  until: string,
  earlier: ExcursionRecord | undefined,
  step: ExcursionStep,
): Promise<string> {
  const site = device.site;
  const counted = { excursionId: report.excursionId, counted: new Set(earlier?.dins) };
  const held: Donation[] = [];
  const revised: Donation[] = [];
  const heldShipments: { shipmentId: string; dins: string[] }[] = [];
  let next: string | undefined;
  for (const reach of await excursionReach(ctx, device, report, until, earlier, step)) {
    const heldNow = await holdForExcursion(ctx, reach.toHold, reach.excursion, counted);
    held.push(...heldNow);
    revised.push(...(await reviseExcursionHold(ctx, reach.toRevise, reach.excursion)));
    if (reach.shipmentId !== undefined && heldNow.length > 0)
      heldShipments.push({ shipmentId: reach.shipmentId, dins: heldNow.map(({ din }) => din) });
    next = reach.next ?? next;
  }
  for (const donation of [...held, ...revised]) await putDonation(ctx, donation);

  const reefer = device.location === undefined;
  const shipments = reefer
    ? [...new Set([...(earlier?.shipments ?? []), ...heldShipments.map(({ shipmentId }) => shipmentId)])]
    : undefined;
  const holdsAgain = step.holdsAgain ?? false;
  const record: ExcursionRecord = newExcursionRecord({
    excursionId: report.excursionId,
    device: device.deviceId,
    site,
    location: device.location,
    shipments,
    startedAt: report.startedAt,
    endedAt: report.endedAt,
    peakTemperatureC: report.peakTemperatureC,
    evidence: report.evidence,
    dins: [...new Set([...(earlier?.dins ?? []), ...held.map(({ din }) => din)])],
    ...(next === undefined ? {} : { continuation: { after: next, until, holdsAgain } }),
    lastChange: changeStamp(ctx),
  });
  const key = excursionKey(ctx, record.excursionId);
  await writeState(ctx, key, record);
  if (earlier === undefined) await ownedBy(ctx, key, site);
  const objects: ObjectRef[] = [
    { type: 'excursion', id: record.excursionId },
    ...[...held, ...revised].map(({ din }): ObjectRef => ({ type: 'donation', id: din })),
  ];
  emitEvent(
    ctx,
    'DonationsPutOnHold',
    record.excursionId,
    {
      dins: held.map(({ din }) => din),
      revisedDins: revised.map(({ din }) => din),
      kind: 'temperature',
      excursion: deviceExcursion(device, report, until),
      ...(reefer ? { shipments: heldShipments } : {}),
      evidence: { excursionId: record.excursionId, ...report.evidence },
    },
    objects,
  );
  return toCanonicalJson({
    excursionId: record.excursionId,
    dins: record.dins,
    ...(reefer ? { shipments: record.shipments } : {}),
    continuation: next === undefined ? null : record.excursionId,
  });
}

@Info({ title: 'ColdChain', description: 'Cold-chain devices, their anchored readings and the excursions they prove' })
export class ColdChainContract extends AuthorisedContract {
  constructor() {
    super('ColdChain');
  }

  /**
   * Registers a device of the caller's organisation: `{ deviceId, kind, location }` (no location for a reefer
   * logger). Registering the same device again returns it; a different one under the same id is a CONFLICT.
   */
  @Transaction()
  @Returns('string')
  async RegisterDevice(ctx: Context, deviceJson: string): Promise<string> {
    const input = readObject(parseJson(deviceJson, 'device'), 'device', DEVICE_INPUT_FIELDS);
    const device = newDevice({ ...input.values, site: callerMspId(ctx), lastChange: changeStamp(ctx) });
    assertCarriesOwnFin(await getOrganisation(ctx, device.site), device.deviceId, 'device.deviceId');
    const existing = await findDevice(ctx, device.deviceId);
    if (existing !== undefined) {
      const same = existing.site === device.site && existing.kind === device.kind && existing.location === device.location;
      if (!same) throw new ConflictError(`device ${device.deviceId} is already registered to ${existing.site} as another device`);
      return toCanonicalJson(existing);
    }
    const key = deviceKey(ctx, device.deviceId);
    await writeState(ctx, key, device);
    await ownedBy(ctx, key, device.site);
    emitEvent(ctx, 'DeviceRegistered', device.deviceId, device, [{ type: 'device', id: device.deviceId }]);
    return toCanonicalJson(device);
  }

  /**
   * Anchors the Merkle roots of one ingest window of the caller's devices: `{ windowStart, windowEnd, roots:
   * [{ device, root, leafCount }] }`. The same window again returns the stored anchor; different content is a CONFLICT.
   */
  @Transaction()
  @Returns('string')
  async AnchorReadings(ctx: Context, windowJson: string): Promise<string> {
    const window = readWindowInput(parseJson(windowJson, 'window'));
    const site = callerMspId(ctx);
    const existing = await findWindowAnchor(ctx, site, window.windowStart);
    if (existing !== undefined) {
      const content = (anchor: typeof window): string => toCanonicalJson({ windowEnd: anchor.windowEnd, roots: anchor.roots });
      if (content(existing) !== content(window)) {
        throw new ConflictError(`the window of ${site} starting ${window.windowStart} is already anchored with other roots`);
      }
      return toCanonicalJson(existing);
    }
    for (const [index, { device: deviceId }] of window.roots.entries()) {
      const device = await findDevice(ctx, deviceId);
      if (device?.site !== site) {
        throw new ValidationError(`window.roots[${index}].device`, `must be a device registered to ${site}; ${deviceId} is not`);
      }
    }
    const anchor: WindowAnchor = { site, ...window, anchoredTxId: ctx.stub.getTxID(), lastChange: changeStamp(ctx) };
    await writeState(ctx, windowAnchorKey(ctx, site, anchor.windowStart), anchor);
    await ownedBy(ctx, windowAnchorKey(ctx, site, anchor.windowStart), site);
    const id = windowAnchorId(anchor);
    emitEvent(ctx, 'ReadingsAnchored', id, { windowStart: anchor.windowStart, windowEnd: anchor.windowEnd, roots: anchor.roots }, [
      { type: 'window-anchor', id },
    ]);
    return toCanonicalJson(anchor);
  }

  /**
   * Raises an excursion of one of the caller's devices with its anchored evidence (see excursion-report.ts), checks
   * the evidence and the storage limit, and puts on hold the bags it reached (excursion-reach.ts): for a freezer, every
   * bag stored at its location before the excursion ended; for a reefer logger, the bags of every shipment dispatched
   * with it by then and not received before the excursion began. The ingest reports an excursion while it runs, again
   * as it worsens and when it ends; a repeat report holds the bags newly reached, gives the bags still on this
   * excursion's hold its new numbers, and holds again the bags QA released from it if it tells of a warmer peak or a
   * later end (each bag counts the excursion once). Returns `{ excursionId, dins, shipments? }`: every bag it held.
   */
  @Transaction()
  @Returns('string')
  async RaiseExcursion(ctx: Context, excursionJson: string): Promise<string> {
    const report = readExcursionReport(parseJson(excursionJson, 'excursion'));
    const device = await getDevice(ctx, report.device);
    const site = callerMspId(ctx);
    if (device.site !== site) {
      throw new ForbiddenError(`device ${device.deviceId} is run by ${device.site}; ${site} may not raise its excursions`);
    }
    const anchor = await findWindowAnchor(ctx, site, report.evidence.windowStart);
    if (anchor === undefined) {
      throw new NotFoundError(`no window of ${site} starting ${report.evidence.windowStart} is anchored`);
    }
    const now = transactionTime(ctx);
    assertEvidence(report, anchor, now);
    const { storageLimitC, jurisdiction } = await ruleSetOf(ctx, await getOrganisation(ctx, site));
    if (report.peakTemperatureC <= storageLimitC) {
      throw new ValidationError(
        'excursion.peakTemperatureC',
        `must be warmer than the ${jurisdiction} storage limit of ${storageLimitC} °C to be an excursion`,
      );
    }

    const key = excursionKey(ctx, report.excursionId);
    const previous = await readState(ctx, key);
    const earlier: ExcursionRecord | undefined = previous === undefined ? undefined : newExcursionRecord(previous);
    if (earlier !== undefined && (earlier.device !== report.device || earlier.startedAt !== report.startedAt)) {
      throw new ConflictError(`excursion ${report.excursionId} was raised for ${earlier.device} from ${earlier.startedAt}`);
    }
    const evidence = {
      windowStart: anchor.windowStart,
      root: report.evidence.root,
      readingId: report.evidence.readingId,
      anchorTxId: anchor.anchoredTxId,
    };
    const until = report.endedAt ?? now;
    // A new report starts over from the first bag, whatever step an earlier report had reached.
    const step = { holdsAgain: earlier !== undefined && worsens(report, earlier) };
    return holdReached(ctx, device, { ...report, evidence }, until, earlier, step);
  }

  /**
   * Goes on with a freezer excursion that reached more bags than one transaction holds: the next step of its latest
   * report, from where the last one stopped (the record's `continuation`). Returns as RaiseExcursion does.
   */
  @Transaction()
  @Returns('string')
  async ContinueExcursion(ctx: Context, excursionId: string): Promise<string> {
    const state = await readState(ctx, excursionKey(ctx, excursionId));
    if (state === undefined) throw new NotFoundError(`excursion ${excursionId} has not been raised`);
    const record = newExcursionRecord(state);
    const { continuation } = record;
    if (continuation === undefined) throw new ConflictError(`excursion ${excursionId} has no step left to take`);
    const site = callerMspId(ctx);
    if (record.site !== site) throw new ForbiddenError(`excursion ${excursionId} belongs to ${record.site}`);
    const device = await getDevice(ctx, record.device);
    return holdReached(ctx, device, record, continuation.until, record, { after: continuation.after, holdsAgain: continuation.holdsAgain });
  }

  /** The registered device with this id. */
  @Transaction(false)
  @Returns('string')
  async GetDevice(ctx: Context, deviceId: string): Promise<string> {
    return toCanonicalJson(await getDevice(ctx, deviceId));
  }

  /** The roots `mspId` anchored for the window starting at `windowStart`. */
  @Transaction(false)
  @Returns('string')
  async GetWindowAnchor(ctx: Context, mspId: string, windowStart: string): Promise<string> {
    if (!MSP_ID_RULE.test(mspId)) throw new ValidationError('mspId', MSP_ID_RULE.text);
    if (!ISO_INSTANT_RULE.test(windowStart)) throw new ValidationError('windowStart', ISO_INSTANT_RULE.text);
    const anchor = await findWindowAnchor(ctx, mspId, windowStart);
    if (anchor === undefined) throw new NotFoundError(`no window of ${mspId} starting ${utcIso(windowStart)} is anchored`);
    return toCanonicalJson(anchor);
  }

  /** What the ledger keeps of an excursion it acted on, with every donation it held. */
  @Transaction(false)
  @Returns('string')
  async GetExcursion(ctx: Context, excursionId: string): Promise<string> {
    const state = await readState(ctx, excursionKey(ctx, excursionId));
    if (state === undefined) throw new NotFoundError(`excursion ${excursionId} has not been raised`);
    return toCanonicalJson(newExcursionRecord(state));
  }
}
