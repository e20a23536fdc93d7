// The gateway's lineage queries: a vial, a lot or a pool back to every bag (with what grouping needs of each bag), and
// a bag or a donor forward to every pool, lot and vial.
import type {
  DownstreamOfDonationQuery,
  DownstreamOfDonationQueryVariables,
  DownstreamOfDonorQuery,
  DownstreamOfDonorQueryVariables,
  UpstreamOfLotQuery,
  UpstreamOfLotQueryVariables,
  UpstreamOfPoolQuery,
  UpstreamOfPoolQueryVariables,
  UpstreamOfUnitQuery,
  UpstreamOfUnitQueryVariables,
} from '../graphql/generated/operations';
import { POOL_SOURCES_FIELDS } from '../graphql/fragments';
import { operation } from '../graphql/operation';

/** A lot back to its pools and each pool's bags, as both upstream documents select it. */
export type Upstream = UpstreamOfLotQuery['upstreamOfLot'];

/** A pool back to its bags: how many, and those the reader's organisation reads. */
export type PoolSources = Upstream['pools'][number];

/** A bag or a donor forward to every pool, lot and vial, as both downstream documents select it. */
export type Downstream = DownstreamOfDonationQuery['downstreamOfDonation'];

export const UPSTREAM_OF_UNIT = operation<UpstreamOfUnitQuery, UpstreamOfUnitQueryVariables>(
  /* GraphQL */ `
    query UpstreamOfUnit($code: String!) {
      upstreamOfUnit(code: $code) {
        lotId
        donationCount
        pools {
          ...PoolSourcesFields
        }
      }
    }
  `,
  [POOL_SOURCES_FIELDS],
);

export const UPSTREAM_OF_LOT = operation<UpstreamOfLotQuery, UpstreamOfLotQueryVariables>(
  /* GraphQL */ `
    query UpstreamOfLot($lotId: String!) {
      upstreamOfLot(lotId: $lotId) {
        lotId
        donationCount
        pools {
          ...PoolSourcesFields
        }
      }
    }
  `,
  [POOL_SOURCES_FIELDS],
);

export const UPSTREAM_OF_POOL = operation<UpstreamOfPoolQuery, UpstreamOfPoolQueryVariables>(
  /* GraphQL */ `
    query UpstreamOfPool($poolDin: String!) {
      upstreamOfPool(poolDin: $poolDin) {
        ...PoolSourcesFields
      }
    }
  `,
  [POOL_SOURCES_FIELDS],
);

export const DOWNSTREAM_OF_DONATION = operation<DownstreamOfDonationQuery, DownstreamOfDonationQueryVariables>(/* GraphQL */ `
  query DownstreamOfDonation($din: String!) {
    downstreamOfDonation(din: $din) {
      donations
      pools
      lots {
        lotId
        poolDins
        unitCodes
      }
      unitCount
    }
  }
`);
export const DOWNSTREAM_OF_DONOR = operation<DownstreamOfDonorQuery, DownstreamOfDonorQueryVariables>(/* GraphQL */ `
  query DownstreamOfDonor($pseudonym: String!) {
    downstreamOfDonor(pseudonym: $pseudonym) {
      donations
      pools
      lots {
        lotId
        poolDins
        unitCodes
      }
      unitCount
    }
  }
`);
