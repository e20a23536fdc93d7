// Chain-of-custody writes after collection: each mutation is one chaincode transaction, submitted as the
// signed-in person, its arguments in the chaincode's order. Signed steps (releases, destruction, rule
// changes) are in the signatures module.
import { SCREENING_TRANSIENT_KEY } from '@plasma/chaincode';
import type { DocumentService } from '../../../documents/documents';
import type { PersonLedger, TransactionName } from '../../../ledger/person-ledger';
import { requirePerson, type GatewayContext } from '../../context';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

type Args = Readonly<Record<string, unknown>>;

/** Plain strings as they are; lists and input objects (already checked against their GraphQL input type) as the JSON text the chaincode reads. */
const argument = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A field of an input object argument. */
const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;

type Mutation = ReturnType<typeof ledgerMutation>;

export function custodyModule(ledger: PersonLedger, documents: DocumentService): GraphQLModule {
  const step = (transaction: TransactionName, ...names: string[]) =>
    ledgerMutation(ledger, transaction, (args: Args) => names.map((name) => argument(args[name])));
  // The hash a step puts on the ledger must be that of a document stored off-chain, or nothing could ever verify
  // it (docs/verification.md). `argumentName.field` names the hash as the client sent it.
  const citingDocument = (mutation: Mutation, argumentName: string, field: string): Mutation =>
    async (parent: unknown, args: Args, context: GatewayContext) => {
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
        recordScreening: ledgerMutation(ledger, 'Donation:RecordScreening', (args) => [argument(args.din)],
          (args) => ({ [SCREENING_TRANSIENT_KEY]: argument(args.screening) })),
        recordStorage: step('Donation:RecordStorage', 'dins', 'storage'),
        recordTemperatureExcursion: step('Donation:RecordTemperatureExcursion', 'dins', 'excursion'),
        resolveHold: step('Donation:ResolveHold', 'din', 'resolution'),
        quarantineDonations: step('Donation:QuarantineDonations', 'dins'),
        releaseDonations: step('Donation:ReleaseDonations', 'dins'),
        dispatchShipment: step('Shipment:DispatchShipment', 'shipment'),
        receiveShipment: step('Shipment:ReceiveShipment', 'shipmentId', 'receipt'),
        recordTestResult: citingDocument(step('TestResult:RecordTestResult', 'result'), 'result', 'rawDataHash'),
        closeOosInvestigation: step('TestResult:CloseOosInvestigation', 'resultId', 'closure'),
        createPool: step('Pool:CreatePool', 'pool'),
        addToPool: step('Pool:AddToPool', 'poolDin', 'dins'),
        closePool: step('Pool:ClosePool', 'poolDin'),
        createLot: step('Lot:CreateLot', 'lot'),
        recordProcessStep: citingDocument(step('Lot:RecordProcessStep', 'lotId', 'step'), 'step', 'parameterDataHash'),
        raiseDeviation: step('Lot:RaiseDeviation', 'lotId', 'deviation'),
        closeDeviation: step('Lot:CloseDeviation', 'lotId', 'deviationId', 'capa'),
        placeLotOnHold: step('Lot:PlaceOnHold', 'lotId', 'hold'),
        releaseLotHold: step('Lot:ReleaseHold', 'lotId', 'ref', 'reason'),
        recallLot: step('Lot:RecallLot', 'lotId', 'recall'),
        commissionUnits: step('Units:CommissionUnits', 'lotId', 'units'),
        packCase: step('Units:PackCase', 'lotId', 'shippingCase'),
        shipCases: step('Units:ShipCases', 'shipment'),
        openLookBack: step('LookBack:OpenLookBack', 'donorPseudonym', 'reason', 'window'),
        continueLookBack: step('LookBack:ContinueLookBack', 'caseId'),
      },
    },
  };
}
