// Chain-of-custody writes after collection: each mutation is one chaincode transaction, submitted as the
// signed-in person, its arguments in the chaincode's order, its answer read by the chaincode's reader of the record
// it returns (checked against the schema's resolver types). A destruction carries its custodian QA's signature, a
// look-back's conclusion the regulator's; the lot release's signatures are the release module's.
import {
  DESTRUCTION_SIGNER_ROLE,
  newDeviation,
  newDonation,
  newLookBackCase,
  newLookBackRequest,
  newLot,
  newPool,
  newProcessStep,
  newShipment,
  newShippingCase,
  newTestResult,
  REGULATOR_SIGNER_ROLE,
  SCREENING_TRANSIENT_KEY,
} from '@plasma/chaincode';
import type { DocumentService } from '../../../documents/documents';
import type { PersonLedger, TransactionName } from '../../../ledger/person-ledger';
import type { RecordSigning } from '../../../signatures/record-signing';
import { requirePerson, type GatewayContext } from '../../context';
import type { MutationResolvers } from '../../generated/resolvers';
import { type Answer, ledgerMutation, listOf, signedLedgerMutation, summaryOf } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';
import { processStepInput, withParameterList } from '../../parameter-values';

type Args = Readonly<Record<string, unknown>>;

/** Plain strings as they are; lists and input objects (already checked against their GraphQL input type) as the JSON text the chaincode reads. */
const argument = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A field of an input object argument. */
const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;

/** A step just recorded: the reader refuses one whose digest does not hold; its link to the step before is for the dossier to check. */
const recordedStep = (value: unknown) => ({ ...withParameterList(newProcessStep(value)), digestMatches: true, linksToPrevious: null });

export function custodyModule(ledger: PersonLedger, documents: DocumentService, signing: RecordSigning): GraphQLModule {
  const step = <T>(transaction: TransactionName, read: Answer<T>, ...names: string[]) =>
    ledgerMutation(ledger, transaction, read, (args: Args) => names.map((name) => argument(args[name])));
  // The hash a step puts on the ledger must be that of a document stored off-chain, or nothing could ever verify
  // it (docs/verification.md). `argumentName.field` names the hash as the client sent it.
  const citingDocument =
    <T>(mutation: (parent: unknown, args: Args, context: GatewayContext) => Promise<T>, argumentName: string, field: string) =>
    async (parent: unknown, args: Args, context: GatewayContext): Promise<T> => {
      requirePerson(context);
      await documents.requireStored(fieldOf(args[argumentName], field), `${argumentName}.${field}`);
      return mutation(parent, args, context);
    };
  return {
    typeDefs: schemaFile(__dirname, 'custody.graphql'),
    resolvers: {
      Mutation: {
        // The detail goes as transient data to the station's screening collection, shared with the factories; only
        // its hash reaches the channel.
        recordScreening: ledgerMutation(
          ledger,
          'Donation:RecordScreening',
          newDonation,
          (args) => [argument(args.din)],
          (args) => ({ [SCREENING_TRANSIENT_KEY]: argument(args.screening) }),
        ),
        recordStorage: step('Donation:RecordStorage', listOf(newDonation), 'dins', 'storage'),
        recordTemperatureExcursion: step('Donation:RecordTemperatureExcursion', listOf(newDonation), 'dins', 'excursion'),
        resolveHold: step('Donation:ResolveHold', newDonation, 'din', 'resolution'),
        correctLabel: step('Donation:CorrectLabel', newDonation, 'din', 'correction'),
        destroyDonation: signedLedgerMutation(
          ledger,
          signing,
          'Donation:DestroyDonation',
          { meaning: 'destruction', roles: Object.values(DESTRUCTION_SIGNER_ROLE), record: 'Donation:GetDestructionRecord' },
          newDonation,
          (args) => [argument(args.din), argument(args.destruction)],
        ),
        quarantineDonations: step('Donation:QuarantineDonations', listOf(newDonation), 'dins'),
        releaseDonations: step('Donation:ReleaseDonations', listOf(newDonation), 'dins'),
        dispatchShipment: step('Shipment:DispatchShipment', newShipment, 'shipment'),
        receiveShipment: step('Shipment:ReceiveShipment', newShipment, 'shipmentId', 'receipt'),
        recordTestResult: citingDocument(step('TestResult:RecordTestResult', newTestResult, 'result'), 'result', 'rawDataHash'),
        closeOosInvestigation: step('TestResult:CloseOosInvestigation', newTestResult, 'resultId', 'closure'),
        createPool: step('Pool:CreatePool', newPool, 'pool'),
        addToPool: step('Pool:AddToPool', summaryOf('DonationsPooled'), 'poolDin', 'dins'),
        closePool: step('Pool:ClosePool', newPool, 'poolDin'),
        createLot: step('Lot:CreateLot', newLot, 'lot'),
        // Its parameters go as the chaincode's object of name → value.
        recordProcessStep: citingDocument(
          ledgerMutation(ledger, 'Lot:RecordProcessStep', recordedStep, (args) => [
            argument(args.lotId),
            argument(processStepInput(args.step)),
          ]),
          'step',
          'parameterDataHash',
        ),
        raiseDeviation: step('Lot:RaiseDeviation', newDeviation, 'lotId', 'deviation'),
        closeDeviation: step('Lot:CloseDeviation', newDeviation, 'lotId', 'deviationId', 'capa'),
        placeLotOnHold: step('Lot:PlaceOnHold', newLot, 'lotId', 'hold'),
        releaseLotHold: step('Lot:ReleaseHold', newLot, 'lotId', 'ref', 'reason'),
        recallLot: step('Lot:RecallLot', newLot, 'lotId', 'recall'),
        commissionUnits: step('Units:CommissionUnits', summaryOf('UnitsCommissioned'), 'lotId', 'units'),
        packCase: step('Units:PackCase', newShippingCase, 'lotId', 'shippingCase'),
        shipCases: step('Units:ShipCases', summaryOf('CasesShipped'), 'shipment'),
        openLookBack: step('LookBack:OpenLookBack', summaryOf('LookBackOpened'), 'donorPseudonym', 'reason', 'window'),
        continueLookBack: step('LookBack:ContinueLookBack', summaryOf('LookBackProgressed'), 'caseId'),
        requestLookBack: step('LookBack:RequestLookBack', newLookBackRequest, 'donorPseudonym', 'reason', 'window'),
        confirmLookBackRequest: step('LookBack:ConfirmLookBackRequest', summaryOf('LookBackOpened'), 'requestId'),
        declineLookBackRequest: step('LookBack:DeclineLookBackRequest', newLookBackRequest, 'requestId', 'decline'),
        concludeLookBack: signedLedgerMutation(
          ledger,
          signing,
          'LookBack:ConcludeLookBack',
          { meaning: 'look-back-conclusion', roles: [REGULATOR_SIGNER_ROLE], record: 'LookBack:GetLookBackConclusionRecord' },
          newLookBackCase,
          (args) => [argument(args.caseId), argument(args.conclusion)],
        ),
      } satisfies MutationResolvers,
    },
  };
}
