// The gateway's lineage queries: a vial or a lot back to every bag (with what grouping needs of each bag), and
// a bag or a donor forward to every pool, lot and vial.
import { operation } from '../graphql/operation';

export interface SourceDonation {
  readonly din: string;
  readonly station: string;
  readonly status: string;
  readonly collectionEnd: string;
  readonly volumeMl: number;
}

export interface Upstream {
  readonly lotId: string;
  readonly donationCount: number;
  readonly pools: readonly { readonly poolDin: string; readonly donationCount: number; readonly donations: readonly SourceDonation[] }[];
}

export interface Downstream {
  readonly donations: readonly string[];
  readonly pools: readonly string[];
  readonly lots: readonly { readonly lotId: string; readonly poolDins: readonly string[]; readonly unitCodes: readonly string[] }[];
  readonly unitCount: number;
}

export const UPSTREAM_OF_UNIT = operation<{ upstreamOfUnit: Upstream | null }, { code: string }>(/* GraphQL */ `
  query UpstreamOfUnit($code: String!) {
    upstreamOfUnit(code: $code) { lotId donationCount pools { poolDin donationCount donations { din station status collectionEnd volumeMl } } }
  }`);
export const UPSTREAM_OF_LOT = operation<{ upstreamOfLot: Upstream }, { lotId: string }>(/* GraphQL */ `
  query UpstreamOfLot($lotId: String!) {
    upstreamOfLot(lotId: $lotId) { lotId donationCount pools { poolDin donationCount donations { din station status collectionEnd volumeMl } } }
  }`);
export const DOWNSTREAM_OF_DONATION = operation<{ downstreamOfDonation: Downstream }, { din: string }>(/* GraphQL */ `
  query DownstreamOfDonation($din: String!) { downstreamOfDonation(din: $din) { donations pools lots { lotId poolDins unitCodes } unitCount } }`);
export const DOWNSTREAM_OF_DONOR = operation<{ downstreamOfDonor: Downstream }, { pseudonym: string }>(/* GraphQL */ `
  query DownstreamOfDonor($pseudonym: String!) { downstreamOfDonor(pseudonym: $pseudonym) { donations pools lots { lotId poolDins unitCodes } unitCount } }`);
