// Products' master batch records: defined by the factory's QA as one plain ledger transaction (like a batch-record step),
// read from the projection by the chaincode's own reader, for the factory that defined them and the regulator's people
// (the read scope of `master-batch-record`). Each version is projected under its own key, so a step's version is readable.
import { newMasterBatchRecord, PRODUCT_CODE_RULE } from '@plasma/chaincode';
import type { Pool } from 'pg';
import { validationError, wholeNumberIn } from '../../../errors';
import type { PersonLedger } from '../../../ledger/person-ledger';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import type { MutationResolvers, QueryResolvers } from '../../generated/resolvers';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

const readProductCode = (value: string): string => {
  const code = value.trim();
  if (!PRODUCT_CODE_RULE.test(code)) throw validationError('productCode', PRODUCT_CODE_RULE.text);
  return code;
};

export function masterBatchRecordModule(services: {
  readonly ledger: PersonLedger;
  readonly pool: Pool;
  readonly readScopes: ReadScopes;
}): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'master-batch-record.graphql'),
    resolvers: {
      Mutation: {
        defineMasterBatchRecord: ledgerMutation(services.ledger, 'Lot:DefineMasterBatchRecord', newMasterBatchRecord, (args) => [
          String(args.productCode),
          JSON.stringify(args.change),
        ]),
      } satisfies MutationResolvers,
      Query: {
        masterBatchRecord: async (_: unknown, args: { productCode: string; version?: number | null }, context: GatewayContext) => {
          const person = requirePerson(context);
          const productCode = readProductCode(args.productCode);
          const version =
            args.version === undefined || args.version === null ? undefined : wholeNumberIn(args.version, 'version', 1, 999_999);
          const { rows } = await services.pool.query<{ value: unknown }>(
            version === undefined
              ? `SELECT value FROM ledger_state WHERE object_type = 'master-batch-record' AND attributes = ARRAY[$1]`
              : `SELECT value FROM ledger_state WHERE object_type = 'master-batch-record-version' AND attributes = ARRAY[$1, $2]`,
            version === undefined ? [productCode] : [productCode, String(version).padStart(6, '0')],
          );
          // One answer, null, for none and for one the person may not read: whether a product has an MBR is not told.
          const readable = await services.readScopes.keepReadable(person, rows, () => ({ type: 'master-batch-record', id: productCode }));
          return readable[0] === undefined ? null : newMasterBatchRecord(readable[0].value);
        },
        masterBatchRecords: async (_: unknown, _args: unknown, context: GatewayContext) => {
          const person = requirePerson(context);
          const { rows } = await services.pool.query<{ value: unknown }>(
            `SELECT value FROM ledger_state WHERE object_type = 'master-batch-record' ORDER BY attributes[1]`,
          );
          const records = rows.map((row) => newMasterBatchRecord(row.value));
          return services.readScopes.keepReadable(person, records, (r) => ({ type: 'master-batch-record', id: r.productCode }));
        },
      } satisfies QueryResolvers,
    },
  };
}
