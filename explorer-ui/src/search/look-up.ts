// Looks each reading of an identifier up with the gateway: found (with the page to open) or not found.
import { paths } from '../app/object-paths';
import type { GraphQLClient } from '../graphql/client';
import type {
  FindBlockQuery,
  FindBlockQueryVariables,
  FindDonationQuery,
  FindDonationQueryVariables,
  FindLotQuery,
  FindLotQueryVariables,
  FindPoolQuery,
  FindPoolQueryVariables,
  FindTransactionQuery,
  FindTransactionQueryVariables,
  FindUnitQuery,
  FindUnitQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';
import type { Reading } from '../identifiers/identifier-kinds';

export type LookUp =
  | { readonly reading: Reading; readonly outcome: 'found'; readonly to: string; readonly summary: string }
  | { readonly reading: Reading; readonly outcome: 'absent' };

const DONATION = operation<FindDonationQuery, FindDonationQueryVariables>(/* GraphQL */ `
  query FindDonation($din: String!) {
    donation(din: $din) {
      din
      status
      station
    }
  }
`);
const BLOCK = operation<FindBlockQuery, FindBlockQueryVariables>(/* GraphQL */ `
  query FindBlock($number: Int!) {
    block(number: $number) {
      number
      transactionCount
    }
  }
`);
const TRANSACTION = operation<FindTransactionQuery, FindTransactionQueryVariables>(/* GraphQL */ `
  query FindTransaction($id: ID!) {
    transaction(id: $id) {
      id
      function
      validationCode
    }
  }
`);
const POOL = operation<FindPoolQuery, FindPoolQueryVariables>(/* GraphQL */ `
  query FindPool($poolDin: String!) {
    pool(poolDin: $poolDin) {
      poolDin
      status
      count
    }
  }
`);
const LOT = operation<FindLotQuery, FindLotQueryVariables>(/* GraphQL */ `
  query FindLot($lotId: String!) {
    lot(lotId: $lotId) {
      lot {
        lotId
        status
      }
    }
  }
`);
const UNIT = operation<FindUnitQuery, FindUnitQueryVariables>(/* GraphQL */ `
  query FindUnit($code: String!) {
    unit(code: $code) {
      code
      status
      lotId
    }
  }
`);

const found = (reading: Reading, to: string, summary: string): LookUp => ({ reading, outcome: 'found', to, summary });

export async function lookUp(client: GraphQLClient, reading: Reading): Promise<LookUp> {
  const absent: LookUp = { reading, outcome: 'absent' };
  switch (reading.kind) {
    case 'donation': {
      const { donation } = await client.request(DONATION, { din: reading.din });
      return donation ? found(reading, paths.donation(donation.din), `${donation.status}, collected at ${donation.station}`) : absent;
    }
    case 'block': {
      const { block } = await client.request(BLOCK, { number: reading.number });
      return block ? found(reading, paths.block(block.number), `${block.transactionCount} transactions`) : absent;
    }
    case 'transaction': {
      const { transaction } = await client.request(TRANSACTION, { id: reading.id });
      return transaction
        ? found(reading, paths.transaction(transaction.id), `${transaction.function ?? 'transaction'}, ${transaction.validationCode}`)
        : absent;
    }
    case 'pool': {
      const { pool } = await client.request(POOL, { poolDin: reading.din });
      return pool ? found(reading, paths.pool(reading.din), `${pool.status}, ${pool.count} donations`) : absent;
    }
    case 'lot': {
      const { lot } = await client.request(LOT, { lotId: reading.lotId });
      return lot ? found(reading, paths.lot(reading.lotId), lot.lot.status) : absent;
    }
    case 'vial': {
      const { unit } = await client.request(UNIT, { code: reading.code });
      return unit ? found(reading, paths.vial(reading.code), `${unit.status}, lot ${unit.lotId}`) : absent;
    }
  }
}
