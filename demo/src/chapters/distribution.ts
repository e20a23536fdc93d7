// Chapter 6, distribution: the warehouse commissions the lot's vials (GS1 and China drug traceability codes), packs
// them in cases (SSCC) and ships the cases to a hospital pharmacy.
import { CommissionUnits, PackCase, ShipCases } from '../operations';
import type { Chapter, Scene } from './chapter';

const HOSPITAL = 'Hospital pharmacy, Huangpu District, Shanghai';

export function distribution(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;
  const { warehouse } = cast.factory;
  const { lotId } = plan;
  const caseStatuses = () =>
    Promise.all(plan.cases.map(async (c) => ({ ...c, status: (await projection.shippingCase(c.caseCode))?.status })));
  return {
    title: `the warehouse commissions ${plan.gs1Vials.length + plan.cnVials.length} vials (GS1 and China drug traceability codes), packs ${plan.cases.length} cases and ships them`,
    done: async () => (await caseStatuses()).every((c) => c.status === 'shipped'),
    tell: async () => {
      const vials = [...plan.gs1Vials, ...plan.cnVials];
      const known = await Promise.all(vials.map((code) => projection.unit(code)));
      const toCommission = vials.filter((_, index) => known[index] === undefined);
      if (toCommission.length > 0) {
        await telling.as(warehouse, `commission ${toCommission.length} vials of lot ${lotId}`, CommissionUnits, {
          lotId,
          units: toCommission,
        });
      }
      const cases = await caseStatuses();
      await Promise.all(
        cases
          .filter((c) => c.status === undefined)
          .map((c) =>
            telling.as(warehouse, `pack case ${c.caseCode}`, PackCase, { lotId, shippingCase: { caseCode: c.caseCode, units: c.units } }),
          ),
      );
      const toShip = cases.filter((c) => c.status !== 'shipped').map((c) => c.caseCode);
      if (toShip.length > 0) {
        await telling.as(warehouse, `ship ${toShip.length} cases to ${HOSPITAL}`, ShipCases, {
          shipment: { shipmentId: plan.outboundShipmentId, destination: HOSPITAL, cases: toShip },
        });
      }
    },
  };
}
