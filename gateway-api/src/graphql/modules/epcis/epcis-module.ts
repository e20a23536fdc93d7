// EPCIS 2.0 export of a lineage, for anyone signed in (inspectors, regulators, QA): see src/epcis.
import type { Topology } from '@plasma/network';
import { GraphQLScalarType } from 'graphql';
import type { Pool } from 'pg';
import { dinKeyOf, validationError } from '../../../errors';
import { epcisExport, type EpcisExport } from '../../../epcis/epcis-export';
import type { Person } from '../../../people/person';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

interface ExportArgs {
  readonly lotId?: string | null;
  readonly din?: string | null;
}

/** Exactly one of the two names the lineage, exported as far as the person reads it (a donation's only if they read it). */
async function exportOf(exports: EpcisExport, { lotId, din }: ExportArgs, person: Person, readScopes: ReadScopes) {
  const given = (value: string | null | undefined): value is string => value !== undefined && value !== null;
  if (given(lotId) && given(din)) throw validationError('din', 'give either lotId or din, not both');
  if (given(lotId)) return exports.ofLot(lotId.trim(), (type, ids) => readScopes.keepReadable(person, ids, (id) => ({ type, id })));
  if (given(din)) {
    await readScopes.require(person, 'donation', dinKeyOf(din, 'din'));
    return exports.ofDonation(din);
  }
  throw validationError('lotId', 'give a lot id, or a DIN in din: exactly one of the two');
}

/** GS1's document, validated against GS1's schema before it is served (src/epcis); sent as the JSON it is, never read from a client. */
const epcisDocument = new GraphQLScalarType({
  name: 'EpcisDocument',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('an EpcisDocument is only ever an answer');
  },
});

export function epcisModule(services: {
  readonly pool: Pool;
  readonly topology: Topology;
  readonly readScopes: ReadScopes;
}): GraphQLModule {
  const exports = epcisExport(services);
  return {
    typeDefs: schemaFile(__dirname, 'epcis.graphql'),
    resolvers: {
      EpcisDocument: epcisDocument,
      Query: {
        epcisExport: (_: unknown, args: ExportArgs, context: GatewayContext) => {
          return exportOf(exports, args, requirePerson(context), services.readScopes);
        },
      },
    },
  };
}
