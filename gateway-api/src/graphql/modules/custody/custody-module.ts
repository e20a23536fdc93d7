// Chain-of-custody writes after collection: each mutation is one chaincode transaction, submitted as the
// signed-in person, its arguments in the chaincode's order. Signed steps (releases, destruction, rule
// changes) are in the signatures module.
import { GraphQLScalarType } from 'graphql';
import type { PersonLedger, TransactionName } from '../../../ledger/person-ledger';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

type Args = Readonly<Record<string, unknown>>;

const json = new GraphQLScalarType({ name: 'JSON', serialize: (v) => v, parseValue: (v) => v });

/** Plain strings as they are; lists and objects as the JSON text the chaincode reads. */
const argument = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function custodyModule(ledger: PersonLedger): GraphQLModule {
  const step = (transaction: TransactionName, ...names: string[]) =>
    ledgerMutation(ledger, transaction, (args: Args) => names.map((name) => argument(args[name])));
  return {
    typeDefs: schemaFile(__dirname, 'custody.graphql'),
    resolvers: {
      JSON: json,
      Mutation: {
        recordScreening: step('Donation:RecordScreening', 'din'),
        recordStorage: step('Donation:RecordStorage', 'dins', 'storage'),
        recordTemperatureExcursion: step('Donation:RecordTemperatureExcursion', 'dins', 'excursion'),
        resolveHold: step('Donation:ResolveHold', 'din', 'resolution'),
        quarantineDonations: step('Donation:QuarantineDonations', 'dins'),
        releaseDonations: step('Donation:ReleaseDonations', 'dins'),
        dispatchShipment: step('Shipment:DispatchShipment', 'shipment'),
        receiveShipment: step('Shipment:ReceiveShipment', 'shipmentId', 'receipt'),
        recordTestResult: step('TestResult:RecordTestResult', 'result'),
        closeOosInvestigation: step('TestResult:CloseOosInvestigation', 'resultId', 'closure'),
        createPool: step('Pool:CreatePool', 'pool'),
        addToPool: step('Pool:AddToPool', 'poolDin', 'dins'),
        closePool: step('Pool:ClosePool', 'poolDin'),
        createLot: step('Lot:CreateLot', 'lot'),
        recordProcessStep: step('Lot:RecordProcessStep', 'lotId', 'step'),
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
