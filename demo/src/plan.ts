// Every identifier of one telling of the demo story, fixed so that a newcomer can look them up and telling again
// finds them: the donors' pseudonyms, the DINs, the pool, the lot, the vials, the cases and the shipments.
import { createHash, createHmac } from 'node:crypto';
import { drugTraceCodeOf, gs1UnitCode, gtinOf, ssccOf } from './identifiers';

/** Donors in the story: the first half give at the first station, the rest at the second. */
export const DONORS = 4;
export const GTIN = gtinOf('0690123499001');
export const CN_PRODUCT_CODE = '8699001';
/** Stand-in verification digits: the code issuers' algorithm is not public and the ledger checks only the structure. */
const standInVerification = (first16: string): number => createHash('sha256').update(first16).digest().readUInt16BE(0) % 10_000;

/** DIN sequences from here on are the demo's (on every station's and the factory's FIN); tests draw below it. */
export const FIRST_DEMO_DIN_SEQUENCE = 990_000;

export interface DemoPlan {
  readonly lotId: string;
  /** The HMAC pseudonym of demo donor n (from 0), like a station's, of a made-up donor: no person's data. */
  donorPseudonym(donor: number): string;
  /** The sequence of a donor's first (0) or later (1) bag's DIN; the year is that of the collection. */
  dinSequence(donor: number, donation: number): number;
  readonly poolSequence: number;
  /** The shipment of a station's first bags: its facility's FIN first, as the ledger requires of a shipment id. */
  shipmentId(facility: string): string;
  readonly gs1Vials: readonly string[];
  readonly cnVials: readonly string[];
  readonly cases: readonly { readonly caseCode: string; readonly units: readonly string[] }[];
  readonly outboundShipmentId: string;
}

/**
 * Edition 0 is the demo `up` tells; other editions (up to 98) give the same story fresh identifiers, for trying
 * changes to it on a ledger that already holds the demo. DIN sequences are 99eedn (edition, donor, donation).
 */
export function demoPlan(edition = 0): DemoPlan {
  if (!Number.isInteger(edition) || edition < 0 || edition > 98) throw new RangeError(`a demo edition is 0 to 98, not ${edition}`);
  const tag = String(edition + 1).padStart(3, '0');
  const gs1Vials = [1, 2, 3, 4].map((n) => gs1UnitCode(GTIN, `DEMO${tag}V${n}`));
  const cnVials = [1, 2].map((n) => {
    const serial = (edition + 1) * 100 + n;
    return drugTraceCodeOf(CN_PRODUCT_CODE, serial, standInVerification(CN_PRODUCT_CODE + String(serial).padStart(9, '0')));
  });
  const sscc = (n: number): string => ssccOf(`0690123499${String((edition + 1) * 10 + n).padStart(7, '0')}`);
  return {
    lotId: `ALB-DEMO-${tag}`,
    donorPseudonym: (donor) =>
      createHmac('sha256', 'plasma-trace demo story')
        .update(`edition ${edition} donor ${donor + 1}`)
        .digest('hex'),
    dinSequence: (donor, donation) => FIRST_DEMO_DIN_SEQUENCE + edition * 100 + (donor + 1) * 10 + donation + 1,
    poolSequence: FIRST_DEMO_DIN_SEQUENCE + edition * 100 + 1,
    shipmentId: (facility) => `${facility}-DEMO-${tag}`,
    gs1Vials,
    cnVials,
    cases: [
      { caseCode: sscc(1), units: gs1Vials },
      { caseCode: sscc(2), units: cnVials },
    ],
    outboundShipmentId: `DEMO-${tag}-OUT`,
  };
}

/** The lot of the demo `up` tells; its completed look-back marks the story as told. */
export const DEMO_LOT_ID = demoPlan().lotId;

/** The demo donors, 0 to DONORS - 1. */
export const demoDonors = (): number[] => Array.from({ length: DONORS }, (_, donor) => donor);
