// Looks each reading of an identifier up with the gateway: found (with the page to open), not found, or not
// looked up because the gateway serves no query for that kind of object yet.
import { paths } from '../app/object-paths';
import type { GraphQLClient } from '../graphql/client';
import { operation } from '../graphql/operation';
import type { SchemaField, ServedFields } from '../graphql/served-fields';
import type { Reading } from '../identifiers/identifier-kinds';
import { LEDGER_OBJECT } from '../ledger/ledger-object';

export type LookUp =
  | { readonly reading: Reading; readonly outcome: 'found'; readonly to: string; readonly summary: string }
  | { readonly reading: Reading; readonly outcome: 'absent' }
  | { readonly reading: Reading; readonly outcome: 'not served'; readonly needs: readonly SchemaField[] };

const DONATION = operation<{ donation: { din: string; checkCharacter: string; status: string; station: string } | null }, { din: string }>(
  'query FindDonation($din: String!) { donation(din: $din) { din checkCharacter status station } }',
);
const BLOCK = operation<{ block: { number: number; transactionCount: number } | null }, { number: number }>(
  'query FindBlock($number: Int!) { block(number: $number) { number transactionCount } }',
);
const TRANSACTION = operation<{ transaction: { id: string; function: string | null; validationCode: string } | null }, { id: string }>(
  'query FindTransaction($id: ID!) { transaction(id: $id) { id function validationCode } }',
);

/** The query each kind of object is found by; pools, lots and vials are ledger objects like any other. */
export const LOOK_UP_FIELD: Readonly<Record<Reading['kind'], SchemaField>> = {
  donation: 'Query.donation',
  block: 'Query.block',
  transaction: 'Query.transaction',
  pool: 'Query.ledgerObject',
  lot: 'Query.ledgerObject',
  vial: 'Query.ledgerObject',
};

/** A pool, lot or unit as the ledger keeps it, with its status for the result line. */
async function ledgerObject(client: GraphQLClient, reading: Reading, type: string, id: string, to: string): Promise<LookUp> {
  const { ledgerObject: found } = await client.request(LEDGER_OBJECT, { type, id });
  if (!found) return { reading, outcome: 'absent' };
  const record = JSON.parse(found.record) as { status?: string; lotId?: string };
  return { reading, outcome: 'found', to, summary: [record.status, record.lotId && `lot ${record.lotId}`].filter(Boolean).join(', ') };
}

export async function lookUp(client: GraphQLClient, served: ServedFields, reading: Reading): Promise<LookUp> {
  const needs = [LOOK_UP_FIELD[reading.kind]];
  if (served.missing(needs).length > 0) return { reading, outcome: 'not served', needs };
  switch (reading.kind) {
    case 'donation': {
      const { donation } = await client.request(DONATION, { din: reading.din });
      return donation ? { reading, outcome: 'found', to: paths.donation(donation.din), summary: `${donation.status}, collected at ${donation.station}` }
        : { reading, outcome: 'absent' };
    }
    case 'block': {
      const { block } = await client.request(BLOCK, { number: reading.number });
      return block ? { reading, outcome: 'found', to: paths.block(block.number), summary: `${block.transactionCount} transactions` }
        : { reading, outcome: 'absent' };
    }
    case 'transaction': {
      const { transaction } = await client.request(TRANSACTION, { id: reading.id });
      return transaction ? { reading, outcome: 'found', to: paths.transaction(transaction.id), summary: `${transaction.function ?? 'transaction'}, ${transaction.validationCode}` }
        : { reading, outcome: 'absent' };
    }
    case 'pool':
      return ledgerObject(client, reading, 'pool', reading.din, paths.pool(reading.din));
    case 'lot':
      return ledgerObject(client, reading, 'lot', reading.lotId, paths.lot(reading.lotId));
    case 'vial':
      return ledgerObject(client, reading, 'unit', reading.code, paths.vial(reading.code));
  }
}
