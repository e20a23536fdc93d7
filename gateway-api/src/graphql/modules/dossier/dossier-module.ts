// The lot release dossier and a lot's distribution, read from the projection: lots waiting for release, test
// results by subject with their assessment, batch record steps with the hash chain checked, deviations with CAPA,
// and the cases each lot's vials went out in.
import { LOT_ID_RULE, LOT_STATUSES, normaliseDinKey, type SubjectKind, UNIT_STATUSES, ValidationError } from '@plasma/chaincode';
import type { Pool } from 'pg';
import { assessSubject, checkStepChain, distributionOf, lotInRelease, type LotInRelease } from '../../../dossier/dossier';
import { dossierRepository } from '../../../dossier/dossier-repository';
import { validationError, wholeNumberIn } from '../../../errors';
import type { Person } from '../../../people/person';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import type {
  QueryDeviationsArgs,
  QueryLotArgs,
  QueryLotDistributionArgs,
  QueryLotsArgs,
  QueryProcessStepsArgs,
  QueryResolvers,
  QueryTestAssessmentArgs,
  QueryTestResultsArgs,
  QueryUnitsOfLotArgs,
  RequireFields,
  TestSubjectKind,
} from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';
import { withParameterList } from '../../parameter-values';

const MAX_LOTS = 1000;
const MAX_DISTRIBUTION_LOTS = 100;
const MAX_UNITS_LISTED = 1000;

function lotId(value: string, field: string): string {
  if (!LOT_ID_RULE.test(value)) throw validationError(field, LOT_ID_RULE.text);
  return value;
}

/** A subject's key as the chaincode keys it: a DIN without its check character (checked when given), or a lot number. */
function subjectKey(kind: SubjectKind, id: string): string {
  if (kind === 'lot') return lotId(id, 'id');
  try {
    return normaliseDinKey(id);
  } catch (error) {
    if (error instanceof ValidationError) throw validationError('id', `${error.rule} (a ${kind} is named by its DIN)`);
    throw error;
  }
}

const lotListing = ({ record: lot, updatedAt, awaitingSignatures, signedWaiting }: LotInRelease) => ({
  lot,
  awaitingSignatures,
  signedWaiting: signedWaiting.map((w) => ({ meaning: w.meaning, signerName: w.signer_name, signedAt: w.signed_at })),
  updatedAt,
});

export function dossierModule(services: { readonly pool: Pool; readonly readScopes: ReadScopes }): GraphQLModule {
  const repository = dossierRepository(services.pool);
  const kindOf = (name: TestSubjectKind): SubjectKind => name.toLowerCase() as SubjectKind;
  type Args = Record<string, unknown>;
  const signedIn =
    <A extends Args, T>(resolve: (args: A, person: Person) => Promise<T>) =>
    (_: unknown, args: A, context: GatewayContext): Promise<T> =>
      resolve(args, requirePerson(context));

  return {
    typeDefs: schemaFile(__dirname, 'dossier.graphql'),
    resolvers: {
      Query: {
        lots: signedIn(async ({ status, limit }: RequireFields<QueryLotsArgs, 'limit'>) => {
          // limit has a default
          wholeNumberIn(limit, 'limit', 1, MAX_LOTS);
          const unknown = status?.find((s) => !(LOT_STATUSES as readonly string[]).includes(s));
          if (unknown !== undefined)
            throw validationError('status', `must list lot statuses, each one of ${LOT_STATUSES.join(', ')} (not ${unknown})`);
          const lots = await repository.lots({ statuses: status ?? undefined, limit });
          const waiting = await repository.waitingSignatures(
            lots.filter((l) => l.record.status === 'in-process').map((l) => l.record.lotId),
          );
          return lots.map((lot) => lotListing(lotInRelease(lot, waiting)));
        }),

        lot: signedIn(async (args: QueryLotArgs) => {
          const [lot] = await repository.lotsById([lotId(args.lotId, 'lotId')]);
          if (lot === undefined) return null;
          const waiting = lot.record.status === 'in-process' ? await repository.waitingSignatures([lot.record.lotId]) : [];
          return lotListing(lotInRelease(lot, waiting));
        }),

        testResults: signedIn(async ({ kind, id }: QueryTestResultsArgs, person) => {
          const subject = kindOf(kind);
          const key = subjectKey(subject, id);
          await services.readScopes.require(person, subject, key);
          return (await repository.testResultsOf(subject, key)).map(({ record }) => record);
        }),

        testAssessment: signedIn(async ({ kind, id }: QueryTestAssessmentArgs) => {
          const subject = kindOf(kind);
          // A donation's mandatory tests are the station's screening, kept in each station's private collection.
          if (subject === 'donation')
            throw validationError('kind', "must be POOL or LOT: a donation's mandatory screening is private to its station");
          return (await assessSubject(repository, subject, subjectKey(subject, id))) ?? null;
        }),

        processSteps: signedIn(async (args: QueryProcessStepsArgs) =>
          checkStepChain(await repository.processSteps(lotId(args.lotId, 'lotId'))).map(withParameterList),
        ),

        deviations: signedIn(async (args: QueryDeviationsArgs) =>
          (await repository.deviations(lotId(args.lotId, 'lotId'))).map(({ record }) => record),
        ),

        unitsOfLot: signedIn(async ({ lotId: id, status, first }: RequireFields<QueryUnitsOfLotArgs, 'first'>) => {
          wholeNumberIn(first, 'first', 1, MAX_UNITS_LISTED);
          if (status != null && !(UNIT_STATUSES as readonly string[]).includes(status))
            throw validationError('status', `must be one of ${UNIT_STATUSES.join(', ')}`);
          return repository.unitsOfLot(lotId(id, 'lotId'), status ?? undefined, first);
        }),

        lotDistribution: signedIn(async ({ lotIds }: QueryLotDistributionArgs) => {
          if (lotIds.length > MAX_DISTRIBUTION_LOTS) throw validationError('lotIds', `must name at most ${MAX_DISTRIBUTION_LOTS} lots`);
          const ids = [...new Set(lotIds.map((id, index) => lotId(id, `lotIds[${index}]`)))];
          return (await distributionOf(repository, ids)).map((d) => ({
            lotId: d.lotId,
            status: d.lot?.status ?? null,
            unitCount: d.lot?.unitCount ?? 0,
            packedUnitCount: d.packedUnitCount,
            shippedUnitCount: d.shippedUnitCount,
            cases: d.cases.map(({ record }) => record),
          }));
        }),
      } satisfies QueryResolvers,
    },
  };
}
