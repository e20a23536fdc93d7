// The gateway's EPCIS 2.0 export: a lot's lineage back to every plasma bag, or a donation's forward to every vial, as
// one GS1 EPCIS 2.0 JSON-LD document (docs/epcis.md).
import { operation } from '../graphql/operation';

/** A GS1 EPCIS 2.0 document in JSON-LD: GS1's shape, not a record of this ledger, so kept as the JSON object it is. */
export type EpcisDocument = Readonly<Record<string, unknown>>;

/** Exactly one of the two names what is exported. */
export const EPCIS_EXPORT = operation<{ epcisExport: EpcisDocument }, { lotId: string } | { din: string }>(/* GraphQL */ `
  query EpcisExport($lotId: String, $din: String) { epcisExport(lotId: $lotId, din: $din) }`);
