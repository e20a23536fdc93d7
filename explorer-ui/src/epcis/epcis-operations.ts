// The gateway's EPCIS 2.0 export: a lot's lineage back to every plasma bag, or a donation's forward to every vial, as
// one GS1 EPCIS 2.0 JSON-LD document (docs/epcis.md).
import type { EpcisExportQuery, EpcisExportQueryVariables } from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/**
 * Exactly one of the two names what is exported: the schema declares both optional, so the explorer's variables ask
 * for one. The answer is a GS1 EPCIS 2.0 document in JSON-LD, GS1's shape, kept as the JSON object it is.
 */
export const EPCIS_EXPORT = operation<
  EpcisExportQuery,
  EpcisExportQueryVariables & ({ readonly lotId: string; readonly din?: never } | { readonly din: string; readonly lotId?: never })
>(/* GraphQL */ `
  query EpcisExport($lotId: String, $din: String) {
    epcisExport(lotId: $lotId, din: $din)
  }
`);
