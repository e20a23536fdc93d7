// Chapter 2, shipping: each station ships its donors' first bags frozen to the factory, whose warehouse receives
// them against the manifest and quarantines them.
import { stationOf } from '../cast';
import { DispatchShipment, QuarantineDonations, ReceiveShipment } from '../operations';
import { reached } from '../projection';
import type { Chapter, Scene } from './chapter';

export function shipping(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;
  const { factory } = cast;
  return {
    title: `the stations ship the first bags to ${factory.name}, whose warehouse receives and quarantines them`,
    done: async () => (await projection.firstDonations()).every((d) => reached(d, 'quarantined')),
    tell: async () => {
      const rules = await projection.ruleSet();
      const firsts = await projection.firstDonations();
      await Promise.all(
        cast.stations.map(async (station) => {
          const shipmentId = plan.shipmentId(station.facility);
          const bags = firsts.filter((d) => stationOf(cast, d.donor) === station);
          if (bags.length === 0) return;
          const dins = bags.map((d) => d.din);
          if ((await projection.shipment(shipmentId)) === undefined) {
            await telling.as(station.collector, `dispatch shipment ${shipmentId}`, DispatchShipment, {
              shipment: { shipmentId, destination: factory.mspId, dins, temperatureC: rules.storageLimitC - 8 },
            });
          }
          if (bags.some((d) => !reached(d, 'received'))) {
            await telling.as(factory.warehouse, `receive shipment ${shipmentId}`, ReceiveShipment, {
              shipmentId,
              receipt: { receivedDins: dins, temperatureC: rules.storageLimitC - 5, labelsChecked: true },
            });
          }
        }),
      );
      const toQuarantine = firsts.filter((d) => !reached(d, 'quarantined')).map((d) => d.din);
      if (toQuarantine.length > 0) {
        await telling.as(factory.warehouse, `quarantine ${toQuarantine.length} bags`, QuarantineDonations, { dins: toQuarantine });
      }
    },
  };
}
