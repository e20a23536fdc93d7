// The ledger's records by their keys, as the indexer last projected them, each read by the chaincode's own reader of
// that record, so a record means here what it means on the ledger (records.graphql). Donations, lots and test results
// are read through their own modules.
import {
  newLookBackCase,
  newLookBackRequest,
  REQUEST_STATUSES,
  newPool,
  newRegistry,
  newRuleSet,
  newShipment,
  newShippingCase,
  newUnit,
  type ObjectType,
} from '@plasma/chaincode';
import type { Pool } from 'pg';
import { dinKeyOf, validationError, wholeNumberIn } from '../../../errors';
import { lineageRepository } from '../../../lineage/lineage-repository';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import type { QueryResolvers } from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';

export function recordsModule(services: { readonly pool: Pool; readonly readScopes: ReadScopes }): GraphQLModule {
  const projection = lineageRepository(services.pool);
  /** A query answering the record of `type` keyed by the argument `argument` (normalised by `key`), or null. */
  const record =
    <T>(type: ObjectType, read: (value: unknown) => T, argument: string, key: (id: string) => string = (id) => id.trim()) =>
    async (_: unknown, args: Readonly<Record<string, string>>, context: GatewayContext): Promise<T | null> => {
      const person = requirePerson(context);
      const id = key(args[argument] ?? '');
      const value = await projection.object(type, id);
      if (value === undefined) return null;
      await services.readScopes.require(person, type, id);
      return read(value);
    };
  return {
    typeDefs: schemaFile(__dirname, 'records.graphql'),
    resolvers: {
      Query: {
        pool: record('pool', newPool, 'poolDin', (din) => dinKeyOf(din, 'poolDin')),
        shipment: record('shipment', newShipment, 'shipmentId'),
        unit: record('unit', newUnit, 'code'),
        shippingCase: record('case', newShippingCase, 'caseCode'),
        lookBackCase: record('look-back-case', newLookBackCase, 'caseId'),
        lookBackRequest: record('look-back-request', newLookBackRequest, 'requestId'),
        lookBackCases: async (_: unknown, args: { concluded?: boolean | null; first: number }, context: GatewayContext) => {
          const person = requirePerson(context);
          wholeNumberIn(args.first, 'first', 1, 100);
          const { rows } = await services.pool.query<{ value: unknown }>(
            `SELECT value FROM ledger_state WHERE object_type = 'look-back-case' AND ($1::boolean IS NULL OR (value ? 'conclusion') = $1)
              ORDER BY value ->> 'openedAt' DESC, value ->> 'caseId' DESC LIMIT $2`,
            [args.concluded ?? null, args.first],
          );
          const cases = rows.map((row) => newLookBackCase(row.value));
          return services.readScopes.keepReadable(person, cases, (c) => ({ type: 'look-back-case', id: c.caseId }));
        },
        lookBackRequests: async (_: unknown, args: { status: string; first: number }, context: GatewayContext) => {
          const person = requirePerson(context);
          if (!(REQUEST_STATUSES as readonly string[]).includes(args.status)) {
            throw validationError('status', `must be one of ${REQUEST_STATUSES.join(', ')}`);
          }
          wholeNumberIn(args.first, 'first', 1, 200);
          const { rows } = await services.pool.query<{ value: unknown }>(
            `SELECT value FROM ledger_state WHERE object_type = 'look-back-request' AND value ->> 'status' = $1
              ORDER BY value ->> 'requestedAt', value ->> 'requestId' LIMIT $2`,
            [args.status, args.first],
          );
          const requests = rows.map((row) => newLookBackRequest(row.value));
          return services.readScopes.keepReadable(person, requests, (r) => ({ type: 'look-back-request', id: r.requestId }));
        },
        ruleSet: record('rule-set', newRuleSet, 'jurisdiction'),
        ruleSets: async (_: unknown, _args: unknown, context: GatewayContext) => {
          const person = requirePerson(context);
          const { rows } = await services.pool.query<{ value: unknown }>(
            `SELECT value FROM ledger_state WHERE object_type = 'rule-set' ORDER BY value ->> 'jurisdiction'`,
          );
          const ruleSets = rows.map((row) => newRuleSet(row.value));
          return services.readScopes.keepReadable(person, ruleSets, (r) => ({ type: 'rule-set', id: r.jurisdiction }));
        },
        consortium: record('consortium', newRegistry, 'consortium', () => 'consortium'), // one record, keyed by its type alone
      } satisfies QueryResolvers,
    },
  };
}
