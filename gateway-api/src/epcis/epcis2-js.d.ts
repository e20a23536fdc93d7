// The part of epcis2.js the gateway uses. The package ships its declarations under @types/epcis2.js without
// pointing its package.json at them, so TypeScript cannot find them; these match them.
declare module 'epcis2.js' {
  export interface ValidatorResult {
    /** True when the validator found no error. */
    readonly success: boolean;
    readonly errors: string[];
  }
  /** Checks an EPCIS 2.0 document against GS1's JSON schema, then every event's fields and extensions. */
  export function validateEpcisDocument(epcisDocument: object, throwError?: boolean): ValidatorResult;
  /** Overrides the library's global settings (e.g. checkExtensions). */
  export function setup(settings: Readonly<Record<string, unknown>>): unknown;
}
