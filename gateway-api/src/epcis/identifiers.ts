// The URIs an EPCIS export names things by. GS1 keys (vial GTIN + serial, case SSCC, GTIN + lot) become EPC URNs
// when the GS1 company prefix length is known and GS1 Digital Link URIs otherwise (EPCIS 2.0 takes both, and a
// Digital Link needs no prefix length). What GS1 does not identify (ISBT 128 DINs and facilities, China's drug
// traceability codes, organisations, shipments, test results, ledger transactions) gets an HTTP URI under the
// deployment's own domain, in the style of GS1 Digital Link. docs/epcis.md documents each form.
import { parseUnitCode, type Product } from '@plasma/chaincode';

/** Where the deployment's own identifiers live; `.example` (RFC 2606) until a deployment sets its domain. */
export const DEFAULT_IDENTIFIER_BASE = 'https://id.plasma-trace.example';
/** GS1's own resolver domain, the canonical host of Digital Link URIs. */
const DIGITAL_LINK_BASE = 'https://id.gs1.org';

/**
 * Digits of the GS1 company prefix at the start of `digits` (a GTIN-13 or the SSCC after its extension digit), or
 * undefined when unknown. The prefix length is assigned by the GS1 member organisation and cannot be derived.
 */
export type CompanyPrefixLength = (digits: string) => number | undefined;

/**
 * GS1 China's published rule for the prefixes it has issued from: 690-691 carry a 7-digit company prefix,
 * 692-693 an 8-digit one. Other prefixes vary by company and are left unknown (so exported as Digital Links).
 */
export const gs1ChinaCompanyPrefixLength: CompanyPrefixLength = (digits) => {
  const range = digits.slice(0, 3);
  if (range === '690' || range === '691') return 7;
  if (range === '692' || range === '693') return 8;
  return undefined;
};

export interface IdentifierOptions {
  readonly base: string;
  readonly companyPrefixLength: CompanyPrefixLength;
}

export const DEFAULT_IDENTIFIER_OPTIONS: IdentifierOptions = {
  base: DEFAULT_IDENTIFIER_BASE,
  companyPrefixLength: gs1ChinaCompanyPrefixLength,
};

/** Percent-encodes everything but RFC 3986's unreserved characters (encodeURIComponent leaves !'()* alone). */
const pathSegment = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** GS1 Tag Data Standard: the characters of an AI (21) serial or (10) lot that an EPC URN must escape. */
const epcUrnPart = (text: string): string => text.replace(/[%"&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A usable prefix length leaves at least one digit of the item reference or serial reference. */
function knownPrefixLength(options: IdentifierOptions, digits: string): number | undefined {
  const length = options.companyPrefixLength(digits);
  return length !== undefined && Number.isInteger(length) && length >= 6 && length <= 12 ? length : undefined;
}

export function identifiers(options: IdentifierOptions = DEFAULT_IDENTIFIER_OPTIONS) {
  const own = (...segments: string[]): string => `${options.base}/${segments.map(pathSegment).join('/')}`;

  /** GTIN-14 split for an EPC URN: company prefix, then indicator digit + item reference (check digit dropped). */
  const gtinParts = (gtin: string): { prefix: string; itemReference: string } | undefined => {
    const length = knownPrefixLength(options, gtin.slice(1));
    return length === undefined
      ? undefined
      : { prefix: gtin.slice(1, 1 + length), itemReference: gtin.charAt(0) + gtin.slice(1 + length, 13) };
  };

  return {
    /** An ISBT 128 DIN (a plasma bag or a pool), by its 13-character ledger key. */
    din: (din: string): string => own('isbt128', 'din', din),
    /** An ISBT 128 facility identification number (FIN): a station or the factory, as a location. */
    facility: (fin: string): string => own('isbt128', 'fin', fin),
    /** A consortium member, by its MSP ID, as owning or possessing party. */
    organisation: (mspId: string): string => own('org', mspId),
    /** A consignee named as free text (a case shipment's destination); a bare 13-digit GLN is GS1's own. */
    party: (name: string): string => (/^\d{13}$/.test(name) ? `${DIGITAL_LINK_BASE}/414/${name}` : own('party', name)),
    /** A plasma shipment from a station to the factory (despatch advice). */
    plasmaShipment: (shipmentId: string): string => own('shipment', shipmentId),
    /** A shipment of cases from the factory. */
    caseShipment: (shipmentId: string): string => own('case-shipment', shipmentId),
    testResult: (resultId: string): string => own('test-result', resultId),
    lookBackCase: (caseId: string): string => own('look-back', caseId),
    /** The EPCIS event made from one ledger transaction (`index` > 0 when the transaction makes more than one). */
    event: (channel: string, txId: string, index: number): string => own('ledger', channel, 'tx', txId, 'event', String(index)),

    /** A vial: SGTIN for `(01)<GTIN>(21)<serial>`, or the 20-digit drug traceability code under our domain. */
    unit(code: string): string {
      const unit = parseUnitCode(code, 'code');
      if (unit.scheme === 'cn-drug-trace') return own('cn-drug-trace', unit.code);
      const gtin = unit.code.slice(4, 18);
      const parts = gtinParts(gtin);
      return parts === undefined
        ? `${DIGITAL_LINK_BASE}/01/${gtin}/21/${pathSegment(unit.serial)}`
        : `urn:epc:id:sgtin:${parts.prefix}.${parts.itemReference}.${epcUrnPart(unit.serial)}`;
    },

    /** A case: SSCC-18 as an EPC URN (extension digit leads the serial reference) or a Digital Link. */
    case(sscc: string): string {
      const length = knownPrefixLength(options, sscc.slice(1));
      return length === undefined
        ? `${DIGITAL_LINK_BASE}/00/${sscc}`
        : `urn:epc:id:sscc:${sscc.slice(1, 1 + length)}.${sscc.charAt(0)}${sscc.slice(1 + length, 17)}`;
    },

    /** A lot as a class of product: LGTIN (GTIN + lot), or the drug traceability product code + lot. */
    lotClass(lotId: string, product: Pick<Product, 'gtin' | 'cnProductCode'>): string {
      if (product.gtin !== undefined) {
        const parts = gtinParts(product.gtin);
        return parts === undefined
          ? `${DIGITAL_LINK_BASE}/01/${product.gtin}/10/${pathSegment(lotId)}`
          : `urn:epc:class:lgtin:${parts.prefix}.${parts.itemReference}.${epcUrnPart(lotId)}`;
      }
      // The chaincode refuses a product with neither (chaincode/src/lot/lot.ts readProduct).
      if (product.cnProductCode === undefined)
        throw new Error(`lot ${lotId}: its product has neither a GTIN nor a drug traceability product code`);
      return own('cn-drug-trace', 'product', product.cnProductCode, 'lot', lotId);
    },
  };
}

export type Identifiers = ReturnType<typeof identifiers>;
