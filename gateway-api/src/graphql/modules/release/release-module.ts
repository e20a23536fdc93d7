// Lot release: electronic signatures with the password entered again, or made with a third-party e-signature
// certificate over the payload the gateway answers, then the release.
import type { lotRelease, ReleaseMeaning } from '../../../release/lot-release';
import type { CertificateSignature } from '../../../signatures/record-signing';
import { actorOf, type GatewayContext } from '../../context';
import { clientRequestOf } from '../../ledger-mutation';
import type {
  CertificateSignatureInput,
  MutationCompleteLotQaReleaseArgs,
  MutationReleaseLotByRegulatorArgs,
  MutationReleaseLotByRegulatorWithCertificateArgs,
  MutationResolvers,
  MutationSignLotQaReleaseArgs,
  MutationSignLotQaReleaseWithCertificateArgs,
  QaReleaseSignature,
  QueryReleaseSigningPayloadArgs,
  QueryResolvers,
  ReleaseSignature,
} from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';

const MEANING = {
  QA_REVIEW: 'qa-review',
  QP_RELEASE: 'qp-release',
  REGULATOR_LOT_RELEASE: 'regulator-lot-release',
} as const satisfies Record<ReleaseSignature, ReleaseMeaning>;

const qaMeaning = (signature: QaReleaseSignature) => MEANING[signature];

const certificateSignature = ({ signedAt, certificate, signature }: CertificateSignatureInput): CertificateSignature => ({
  signedAt: signedAt.toISOString(),
  certificate,
  signature,
});

export function releaseModule(release: ReturnType<typeof lotRelease>): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'release.graphql'),
    resolvers: {
      Query: {
        releaseSigningPayload: (_: unknown, args: QueryReleaseSigningPayloadArgs, context: GatewayContext) =>
          release.releaseSigningPayload(actorOf(context), args.lotId, MEANING[args.signature]),
      } satisfies QueryResolvers,
      Mutation: {
        signLotQaRelease: (_: unknown, args: MutationSignLotQaReleaseArgs, context: GatewayContext) =>
          release.signQaRelease(actorOf(context), args.password, args.lotId, qaMeaning(args.signature), clientRequestOf(args)),
        signLotQaReleaseWithCertificate: (_: unknown, args: MutationSignLotQaReleaseWithCertificateArgs, context: GatewayContext) =>
          release.signQaReleaseWithCertificate(
            actorOf(context),
            args.lotId,
            qaMeaning(args.signature),
            certificateSignature(args.signed),
            clientRequestOf(args),
          ),
        completeLotQaRelease: (_: unknown, args: MutationCompleteLotQaReleaseArgs, context: GatewayContext) =>
          release.completeQaRelease(actorOf(context), args.lotId, clientRequestOf(args)),
        releaseLotByRegulator: (_: unknown, args: MutationReleaseLotByRegulatorArgs, context: GatewayContext) =>
          release.regulatorRelease(actorOf(context), args.password, args.lotId, clientRequestOf(args)),
        releaseLotByRegulatorWithCertificate: (
          _: unknown,
          args: MutationReleaseLotByRegulatorWithCertificateArgs,
          context: GatewayContext,
        ) =>
          release.regulatorReleaseWithCertificate(actorOf(context), args.lotId, certificateSignature(args.signed), clientRequestOf(args)),
      } satisfies MutationResolvers,
    },
  };
}
