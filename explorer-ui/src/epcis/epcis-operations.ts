// The gateway's EPCIS 2.0 export: a lot's lineage back to every plasma bag, or a donation's forward to every vial, as
// one GS1 EPCIS 2.0 JSON-LD document (docs/epcis.md).
import { operation } from '../graphql/operation';

/** Exactly one of the two names what is exported. */
export const EPCIS_EXPORT = operation<{ epcisExport: unknown }, { lotId: string } | { din: string }>(
  'query EpcisExport($lotId: String, $din: String) { epcisExport(lotId: $lotId, din: $din) }',
);
