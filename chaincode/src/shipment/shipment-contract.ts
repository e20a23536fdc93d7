// The Shipment contract: a station dispatches stored bags to a factory; the factory receives them with a count,
// label and temperature check, and every discrepancy is recorded with the shipment.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerCommonName, callerMspId } from '../access/identity';
import { assertCarriesOwnFin, ownedBy } from '../consortium/ownership';
import { findOrganisation, getOrganisation } from '../consortium/registry';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { ruleSetOfDonation } from '../donation/donation-rules';
import type { Donation, HoldFinding } from '../donation/donation';
import { getDonations, putDonation, readDins } from '../donation/donation-store';
import { advance } from '../donation/life-cycle';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent, having, type ObjectRef } from '../ledger/events';
import { MAX_BATCH } from '../ledger/limits';
import { readState, writeState } from '../ledger/state';
import { HOUR_MS, transactionTime } from '../time';
import { ANY_RULE, equalTo, IDENTIFIER_RULE, parseJson, readObject, temperatureBetween } from '../validation';
import { findDevice } from '../cold-chain/device';
import { identifierRule } from '../identifiers/identifier';
import { indexLogger } from './logger-index';
import {
  DISPATCH_INPUT_FIELDS,
  getShipment,
  newShipment,
  RECEIPT_INPUT_FIELDS,
  shipmentKey,
  type Discrepancy,
  type Shipment,
} from './shipment';

const TEMPERATURE_RULE = temperatureBetween(-80, 40);

function objectsOf(shipment: Shipment, donations: readonly Donation[]): ObjectRef[] {
  return [{ type: 'shipment', id: shipment.shipmentId }, ...donations.map(({ din }) => ({ type: 'donation' as const, id: din }))];
}

@Info({ title: 'Shipment', description: 'Cold-chain shipments of plasma from stations to the factory, with receipt checks' })
export class ShipmentContract extends AuthorisedContract {
  constructor() {
    super('Shipment');
  }

  /**
   * Dispatches stored donations of the caller's station: `shipmentJson` is
   * `{ shipmentId, destination, dins: [...], temperatureC, loggerDevice? }` (destination: a factory's MSP ID; temperature
   * of the container at dispatch, at or below the storage limit; loggerDevice: the station's registered reefer logger
   * that travels with the bags, whose readings are the shipment's temperatures).
   */
  @Transaction()
  @Returns('string')
  async DispatchShipment(ctx: Context, shipmentJson: string): Promise<string> {
    const f = readObject(parseJson(shipmentJson, 'shipment'), 'shipment', DISPATCH_INPUT_FIELDS);
    const shipmentId = f.required('shipmentId', identifierRule('shipment'));
    const destination = f.required('destination', IDENTIFIER_RULE);
    const temperatureC = f.required('temperatureC', TEMPERATURE_RULE);
    const dins = readDins(f.required('dins', ANY_RULE), f.path('dins'), MAX_BATCH);
    const loggerDevice = f.optional('loggerDevice', identifierRule('device'));
    if ((await findOrganisation(ctx, destination))?.kind !== 'factory') {
      throw new ValidationError(f.path('destination'), 'must be the MSP ID of a factory of the consortium');
    }
    const station = callerMspId(ctx);
    assertCarriesOwnFin(await getOrganisation(ctx, station), shipmentId, f.path('shipmentId'));
    if (loggerDevice !== undefined) {
      const logger = await findDevice(ctx, loggerDevice);
      if (logger?.kind !== 'reefer' || logger.site !== station) {
        throw new ValidationError(f.path('loggerDevice'), `must be a reefer logger registered to ${station} (ColdChain:RegisterDevice)`);
      }
    }
    if ((await readState(ctx, shipmentKey(ctx, shipmentId))) !== undefined) {
      throw new ConflictError(`shipment ${shipmentId} is already recorded`);
    }
    const donations = await getDonations(ctx, dins);
    const shipped: Donation[] = [];
    for (const donation of donations) {
      if (donation.station !== station) {
        throw new ForbiddenError(`donation ${donation.din} belongs to ${donation.station}; ${station} ships only its own donations`);
      }
      // What the factory receives is what QA settled: no bag leaves with a correction of its record undecided.
      if (donation.corrections?.at(-1)?.status === 'proposed') {
        throw new ConflictError(
          `donation ${donation.din} has a correction waiting for QA review; it is applied or rejected before it ships`,
        );
      }
      const { storageLimitC, jurisdiction } = await ruleSetOfDonation(ctx, donation);
      if (temperatureC > storageLimitC) {
        throw new ValidationError(
          f.path('temperatureC'),
          `must be at or below the ${jurisdiction} storage limit of ${storageLimitC} °C at dispatch`,
        );
      }
      shipped.push(advance(donation, 'ship', { shipmentId }, changeStamp(ctx)));
    }
    const shipment = newShipment({
      shipmentId,
      station,
      destination,
      dins: [...dins].sort(),
      count: dins.length,
      volumeMl: donations.reduce((sum, { volumeMl }) => sum + volumeMl, 0),
      temperatureC,
      dispatchedAt: transactionTime(ctx),
      loggerDevice,
      status: 'dispatched',
      lastChange: changeStamp(ctx),
    });
    await writeState(ctx, shipmentKey(ctx, shipmentId), shipment);
    await ownedBy(ctx, shipmentKey(ctx, shipmentId), station);
    await indexLogger(ctx, shipment);
    for (const donation of shipped) await putDonation(ctx, donation);
    emitEvent(ctx, 'ShipmentDispatched', shipmentId, shipment, objectsOf(shipment, shipped));
    return toCanonicalJson(shipment);
  }

  /**
   * Receives a shipment at its destination: `receiptJson` is `{ receivedDins: [...], temperatureC, labelsChecked: true,
   * damagedDins?: [...], labelMismatchDins?: [...] }`. Bags of the manifest that arrived become received (the factory
   * holds them); damaged ones are rejected; label mismatches go on hold; if the container arrived warmer than the
   * storage limit every arrived bag goes on temperature hold (a mislabelled bag then carries both findings). A bag put
   * on hold in transit arrives on that hold, which takes the label and warm-arrival findings as `laterFindings` (a warm
   * arrival counts one excursion more). Missing and unexpected DINs are recorded as discrepancies.
   */
  @Transaction()
  @Returns('string')
  async ReceiveShipment(ctx: Context, shipmentId: string, receiptJson: string): Promise<string> {
    const shipment = await getShipment(ctx, shipmentId);
    const f = readObject(parseJson(receiptJson, 'receipt'), 'receipt', RECEIPT_INPUT_FIELDS);
    const receivedDins = readDins(f.required('receivedDins', ANY_RULE), f.path('receivedDins'), 2 * MAX_BATCH);
    const temperatureC = f.required('temperatureC', TEMPERATURE_RULE);
    f.required('labelsChecked', equalTo(true, 'must be true: every label is checked against the manifest on receipt'));
    const subset = (key: string): Set<string> => {
      const listed = f.optional(key, ANY_RULE);
      const dins = listed === undefined ? [] : readDins(listed, f.path(key), MAX_BATCH);
      dins.forEach((din, index) => {
        if (!receivedDins.includes(din) || !shipment.dins.includes(din)) {
          throw new ValidationError(`${f.path(key)}[${index}]`, `${din} must be a DIN of the manifest that arrived`);
        }
      });
      return new Set(dins);
    };
    const damaged = subset('damagedDins');
    const labelMismatch = subset('labelMismatchDins');

    const receiver = callerMspId(ctx);
    if (receiver !== shipment.destination) {
      throw new ForbiddenError(`shipment ${shipmentId} is addressed to ${shipment.destination}; ${receiver} may not receive it`);
    }
    if (shipment.status !== 'dispatched') {
      throw new ConflictError(`shipment ${shipmentId} is already received`);
    }

    const now = transactionTime(ctx);
    const arrived = shipment.dins.filter((din) => receivedDins.includes(din));
    const donations = await getDonations(ctx, arrived);
    const rules = donations.length === 0 ? undefined : await ruleSetOfDonation(ctx, donations[0]!);
    const warm = rules !== undefined && temperatureC > rules.storageLimitC;
    const durationHours = Math.round(((Date.parse(now) - Date.parse(shipment.dispatchedAt)) / HOUR_MS) * 10) / 10;
    const warmArrival = { maxTemperatureC: temperatureC, durationHours, location: `shipment ${shipmentId}` };
    const received = donations.map((donation) => {
      const custody = { custodian: receiver, receivedAt: now };
      const stamp = changeStamp(ctx);
      if (damaged.has(donation.din)) {
        // Rejected, whatever hold it travelled under.
        return advance(donation, 'reject-on-receipt', { ...custody, hold: undefined }, stamp);
      }
      const findings: HoldFinding[] = [
        ...(labelMismatch.has(donation.din) ? [{ kind: 'label' as const, since: now }] : []),
        ...(warm ? [{ kind: 'temperature' as const, since: now, excursion: warmArrival }] : []),
      ];
      const excursionCount = warm ? { excursionCount: (donation.excursionCount ?? 0) + 1 } : {};
      if (donation.status === 'on-hold') {
        // Put on hold in transit (its reefer logger's excursion): it arrives on that hold, which now returns it to
        // received, with what the receipt found added to the hold so that QA resolves them together.
        const laterFindings = [...(donation.hold!.laterFindings ?? []), ...findings];
        return advance(
          donation,
          'receive-on-hold',
          {
            ...custody,
            ...excursionCount,
            hold: { ...donation.hold!, from: 'received', ...(laterFindings.length > 0 ? { laterFindings } : {}) },
          },
          stamp,
        );
      }
      const [first, ...later] = findings;
      if (first !== undefined) {
        const hold = { ...first, from: 'received' as const, ...(later.length > 0 ? { laterFindings: later } : {}) };
        return advance(donation, 'hold-on-receipt', { ...custody, ...excursionCount, hold }, stamp);
      }
      return advance(donation, 'receive', custody, stamp);
    });

    const discrepancies: Discrepancy[] = [
      { kind: 'missing' as const, dins: shipment.dins.filter((din) => !receivedDins.includes(din)) },
      { kind: 'unexpected' as const, dins: receivedDins.filter((din) => !shipment.dins.includes(din)).sort() },
      { kind: 'damaged' as const, dins: [...damaged].sort() },
      { kind: 'label' as const, dins: [...labelMismatch].sort() },
      { kind: 'temperature' as const, dins: warm ? [...arrived] : [] },
    ].filter(({ dins }) => dins.length > 0);
    const updated = newShipment({
      ...shipment,
      status: 'received',
      lastChange: changeStamp(ctx),
      receipt: {
        receivedAt: now,
        receivedBy: callerCommonName(ctx),
        count: receivedDins.length,
        temperatureC,
        labelsChecked: true,
        discrepancies,
      },
    });
    await writeState(ctx, shipmentKey(ctx, shipmentId), updated);
    for (const donation of received) await putDonation(ctx, donation);
    emitEvent(ctx, 'ShipmentReceived', shipmentId, having(updated, 'receipt'), objectsOf(updated, received));
    return toCanonicalJson(updated);
  }

  @Transaction(false)
  @Returns('string')
  async GetShipment(ctx: Context, shipmentId: string): Promise<string> {
    return toCanonicalJson(await getShipment(ctx, shipmentId));
  }
}
