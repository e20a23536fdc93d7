import { expect } from 'chai';
import { callers, dinOf, expectRefused, parsed } from './fixtures';
import { at, Story, T0 } from './story';

/** Three stored StationA bags. */
async function storedBags(): Promise<{ story: Story; dins: string[] }> {
  const story = await Story.begin();
  const dins: string[] = [];
  for (const donor of ['d1', 'd2', 'd3']) dins.push(await story.collect(T0, donor));
  for (const din of dins) await story.screen(din, at(T0, 1));
  await story.store(dins, at(T0, 1));
  return { story, dins };
}

const dispatch = (dins: string[], extra: Record<string, unknown> = {}) => ({
  shipmentId: 'G1001-SHP-0001',
  destination: 'FactoryMSP',
  dins,
  temperatureC: -28,
  ...extra,
});

describe('Shipment', () => {
  it("dispatches stored bags of the caller's station to a factory, with the manifest, count and volume", async () => {
    const { story, dins } = await storedBags();
    const outcome = await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    const shipment = parsed(outcome);
    expect(shipment).to.include({
      shipmentId: 'G1001-SHP-0001',
      station: 'StationAMSP',
      destination: 'FactoryMSP',
      count: 3,
      volumeMl: 1800,
      status: 'dispatched',
    });
    expect(shipment.dins).to.deep.equal(dins.map((din) => din.slice(0, 13)).sort());
    expect(await story.donation(dins[0]!)).to.include({ status: 'shipped', shipmentId: 'G1001-SHP-0001' });
    const event = JSON.parse(Buffer.from(outcome.event!.payload).toString());
    expect(event.objects).to.have.length(4);
    expect(event.objects[0]).to.deep.equal({ type: 'shipment', id: 'G1001-SHP-0001' });
  });

  it("refuses unstored bags, another station's bags, a destination that is not a factory, and a warm container", async () => {
    const { story, dins } = await storedBags();
    const fresh = await story.collect(T0, 'd4');
    expectRefused(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch([...dins, fresh])], at(T0, 2)),
      'CONFLICT: donation',
    );
    expectRefused(
      await story.invoke(callers.collectorB, 'Shipment:DispatchShipment', [dispatch(dins, { shipmentId: 'G1002-SHP-0001' })], at(T0, 2)),
      'FORBIDDEN: donation',
    );
    expectRefused(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins, { destination: 'RegulatorMSP' })], at(T0, 2)),
      'VALIDATION: shipment.destination: must be the MSP ID of a factory',
    );
    expectRefused(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins, { temperatureC: -15 })], at(T0, 2)),
      'VALIDATION: shipment.temperatureC: must be at or below the CN storage limit',
    );
    expectRefused(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch([dins[0]!, dins[0]!])], at(T0, 2)),
      'VALIDATION: shipment.dins[1]: repeats DIN',
    );
  });

  it('names the reefer logger that travels with the bags: a registered reefer of the dispatching station', async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: 'G1001-TRK-07', kind: 'reefer' }], T0);
    await story.ok(
      callers.stationAAdmin,
      'ColdChain:RegisterDevice',
      [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }],
      T0,
    );
    await story.ok(callers.stationBAdmin, 'ColdChain:RegisterDevice', [{ deviceId: 'G1002-TRK-09', kind: 'reefer' }], T0);
    for (const loggerDevice of ['G1001-FRZ-01', 'G1002-TRK-09', 'G1001-TRK-00']) {
      expectRefused(
        await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins, { loggerDevice })], at(T0, 2)),
        'VALIDATION: shipment.loggerDevice: must be a reefer logger registered to StationAMSP',
      );
    }
    const shipment = parsed(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins, { loggerDevice: 'G1001-TRK-07' })], at(T0, 2)),
    );
    expect(shipment).to.include({ loggerDevice: 'G1001-TRK-07', status: 'dispatched' });
    expect(await story.receive('G1001-SHP-0001', dins, at(T0, 3))).to.include({ loggerDevice: 'G1001-TRK-07', status: 'received' });
  });

  it("receives the bags into the factory's custody after a count, label and temperature check", async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    const shipment = await story.receive('G1001-SHP-0001', dins, at(T0, 3));
    expect(shipment.status).to.equal('received');
    expect(shipment.receipt).to.deep.include({
      count: 3,
      temperatureC: -26,
      labelsChecked: true,
      discrepancies: [],
      receivedBy: 'warehouse1',
    });
    expect(await story.donation(dins[1]!)).to.include({ status: 'received', custodian: 'FactoryMSP' });
    expectRefused(
      await story.invoke(
        callers.warehouse,
        'Shipment:ReceiveShipment',
        ['G1001-SHP-0001', { receivedDins: dins, temperatureC: -26, labelsChecked: true }],
        at(T0, 3),
      ),
      'CONFLICT: shipment G1001-SHP-0001 is already received',
    );
  });

  it('records missing, unexpected, damaged and mislabelled bags as discrepancies', async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    const stranger = dinOf('G1001', 999);
    const [first, second, third] = dins as [string, string, string];
    const shipment = await story.receive('G1001-SHP-0001', [first, second, stranger], at(T0, 3), {
      damagedDins: [first],
      labelMismatchDins: [second],
    });
    const byKind = Object.fromEntries(shipment.receipt.discrepancies.map((d: { kind: string; dins: string[] }) => [d.kind, d.dins]));
    expect(byKind).to.deep.equal({
      missing: [third.slice(0, 13)],
      unexpected: [stranger.slice(0, 13)],
      damaged: [first.slice(0, 13)],
      label: [second.slice(0, 13)],
    });
    expect(shipment.receipt.count).to.equal(3);
    expect((await story.donation(first)).status).to.equal('rejected');
    expect(await story.donation(second)).to.deep.include({
      status: 'on-hold',
      hold: { kind: 'label', from: 'received', since: at(T0, 3) },
    });
    expect((await story.donation(third)).status).to.equal('shipped');
  });

  it('holds every arrived bag when the container arrived warmer than the storage limit', async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    const shipment = await story.receive('G1001-SHP-0001', dins, at(T0, 3), { temperatureC: -12 });
    expect(shipment.receipt.discrepancies).to.deep.equal([{ kind: 'temperature', dins: dins.map((d) => d.slice(0, 13)).sort() }]);
    const held = await story.donation(dins[0]!);
    expect(held.hold).to.deep.include({
      kind: 'temperature',
      from: 'received',
      excursion: { maxTemperatureC: -12, durationHours: 24, location: 'shipment G1001-SHP-0001' },
    });
    // 24 hours at -12 °C is within the CN allowance: factory QA returns the bag to received.
    expect(
      (await story.ok(callers.factoryQa, 'Donation:ResolveHold', [dins[0], { reason: 'within allowance' }], at(T0, 4))).status,
    ).to.equal('received');
  });

  it('holds a mislabelled bag that also arrived warm for both findings, counting the excursion', async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    await story.receive('G1001-SHP-0001', dins, at(T0, 3), { temperatureC: -12, labelMismatchDins: [dins[1]] });
    const mislabelled = await story.donation(dins[1]!);
    expect(mislabelled).to.deep.include({ status: 'on-hold', excursionCount: 1 });
    expect(mislabelled.hold).to.deep.equal({
      kind: 'label',
      from: 'received',
      since: at(T0, 3),
      laterFindings: [
        {
          kind: 'temperature',
          since: at(T0, 3),
          excursion: { maxTemperatureC: -12, durationHours: 24, location: 'shipment G1001-SHP-0001' },
        },
      ],
    });
  });

  it('lets only the addressed factory receive, and only with labels checked', async () => {
    const { story, dins } = await storedBags();
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch(dins)], at(T0, 2));
    expectRefused(
      await story.invoke(
        callers.warehouse,
        'Shipment:ReceiveShipment',
        ['G1001-SHP-0001', { receivedDins: dins, temperatureC: -26, labelsChecked: false }],
        at(T0, 3),
      ),
      'VALIDATION: receipt.labelsChecked: must be true',
    );
    expectRefused(
      await story.invoke(
        callers.collectorB,
        'Shipment:ReceiveShipment',
        ['G1001-SHP-0001', { receivedDins: dins, temperatureC: -26, labelsChecked: true }],
        at(T0, 3),
      ),
      'FORBIDDEN: Shipment:ReceiveShipment requires role warehouse',
    );
    expectRefused(
      await story.invoke(
        callers.warehouse,
        'Shipment:ReceiveShipment',
        ['SHP-0002', { receivedDins: dins, temperatureC: -26, labelsChecked: true }],
        at(T0, 3),
      ),
      'NOT_FOUND: shipment SHP-0002',
    );
  });
});
