// The ledger's records by their keys, as the indexer last projected them, each typed as the chaincode keeps it
// (records.graphql). Donations, lots and test results are read through their own modules.
import { normaliseDinKey, type ObjectType } from '@plasma/chaincode';
import type { Pool } from 'pg';
import { ledgerFailure } from '../../../ledger/ledger-failure';
import { lineageRepository } from '../../../lineage/lineage-repository';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export function recordsModule(services: { readonly pool: Pool }): GraphQLModule {
  const projection = lineageRepository(services.pool);
  /** A query answering the record of one object type, keyed by the argument `argument` (after `key` normalises it). */
  const record = (type: ObjectType, argument: string, key: (id: string) => string = (id) => id.trim()) =>
    async (_: unknown, args: Readonly<Record<string, string>>, context: GatewayContext): Promise<unknown> => {
      requirePerson(context);
      return (await projection.object(type, key(args[argument]!))) ?? null;
    };
  const dinKey = (din: string): string => {
    try {
      return normaliseDinKey(din);
    } catch (error) {
      throw ledgerFailure(error); // names the field and the rule the DIN breaks
    }
  };
  return {
    typeDefs: schemaFile(__dirname, 'records.graphql'),
    resolvers: {
      Query: {
        pool: record('pool', 'poolDin', dinKey),
        shipment: record('shipment', 'shipmentId'),
        unit: record('unit', 'code'),
        shippingCase: record('case', 'caseCode'),
        lookBackCase: record('look-back-case', 'caseId'),
        ruleSet: record('rule-set', 'jurisdiction'),
        consortium: record('consortium', 'consortium', () => 'consortium'), // one record, keyed by its type alone
      },
    },
  };
}
