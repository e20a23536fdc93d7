// The gateway's schema against what it serves and who sends to it: every record type and input type has the fields
// the chaincode's reader of that record has (chaincode/src/record-fields.ts), no more and no fewer, and every
// operation the explorer and the demo story send is valid against the schema. So a field added to a chaincode record,
// or a query a client sends that the gateway does not serve, fails here before anything runs. And every type is either
// a chaincode record held to its fields or named as the gateway's own, and every transaction that writes is served by a
// mutation or named as not served, with the reason: a new type or transaction cannot pass unseen.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { isInputObjectType, isObjectType, Kind, NoUnusedFragmentsRule, parse, specifiedRules, validate, visit } from 'graphql';
import * as fields from '@plasma/chaincode';
import { isQueryTransaction, TRANSACTIONS, type TransactionName } from '@plasma/chaincode';
import { repoRoot } from '@plasma/network';
import { CLIENTS, clientDocuments, gatewaySchema, generatedFiles } from '../../scripts/graphql-codegen';
import { defaultQueryLimits } from '../../src/config';
import { operationLimitRules } from '../../src/graphql/limits';

/** GraphQL type → the chaincode's field list of the record or input it carries. */
const CHAINCODE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // Inputs: what each transaction reads.
  DonationInput: fields.DONATION_INPUT_FIELDS,
  ScreeningInput: fields.SCREENING_DETAIL_INPUT_FIELDS,
  ScreeningTestInput: fields.SCREENING_TEST_FIELDS,
  StorageInput: fields.STORAGE_INPUT_FIELDS,
  ExcursionInput: fields.EXCURSION_FIELDS,
  ReasonInput: fields.REASON_INPUT_FIELDS,
  DestructionInput: fields.DESTRUCTION_INPUT_FIELDS,
  ShipmentDispatchInput: fields.DISPATCH_INPUT_FIELDS,
  ShipmentReceiptInput: fields.RECEIPT_INPUT_FIELDS,
  LabelCorrectionInput: fields.LABEL_CORRECTION_INPUT_FIELDS,
  TestSubjectInput: fields.TEST_SUBJECT_FIELDS,
  TestResultInput: fields.TEST_RESULT_INPUT_FIELDS,
  OosClosureInput: fields.OOS_CLOSURE_INPUT_FIELDS,
  PoolInput: fields.POOL_INPUT_FIELDS,
  ProductInput: fields.PRODUCT_FIELDS,
  LotInput: fields.LOT_INPUT_FIELDS,
  ProcessStepInput: fields.PROCESS_STEP_INPUT_FIELDS,
  DeviationInput: fields.DEVIATION_INPUT_FIELDS,
  CapaInput: fields.CAPA_INPUT_FIELDS,
  ShippingCaseInput: fields.SHIPPING_CASE_INPUT_FIELDS,
  CaseShipmentInput: fields.CASE_SHIPMENT_INPUT_FIELDS,
  LookBackWindowInput: fields.WINDOW_REQUEST_FIELDS,
  LookBackConclusionInput: fields.CONCLUSION_INPUT_FIELDS,
  RuleChangeInput: fields.RULE_CHANGE_INPUT_FIELDS,
  MasterBatchRecordChangeInput: fields.MASTER_BATCH_RECORD_CHANGE_INPUT_FIELDS,
  MasterStepInput: fields.MASTER_STEP_FIELDS,
  CriticalParameterInput: fields.CRITICAL_PARAMETER_FIELDS,
  RulesInput: fields.RULE_FIELDS,
  ExcursionAllowanceInput: fields.EXCURSION_ALLOWANCE_FIELDS,
  MandatoryTestsInput: fields.MANDATORY_TESTS_FIELDS,
  DeferralInput: fields.DEFERRAL_INPUT_FIELDS,
  CorrectionInput: fields.CORRECTION_INPUT_FIELDS,
  CorrectionReviewInput: fields.CORRECTION_REVIEW_INPUT_FIELDS,
  RegistryChangeInput: fields.REGISTRY_CHANGE_INPUT_FIELDS,
  ConsortiumMemberInput: fields.ORGANISATION_INPUT_FIELDS,
  SignatureAuthorityInput: fields.SIGNATURE_AUTHORITY_FIELDS,
  // Records: what the ledger keeps.
  ChangeStamp: fields.CHANGE_STAMP_FIELDS,
  ChangeActor: fields.ACTOR_FIELDS,
  ElectronicSignature: fields.ELECTRONIC_SIGNATURE_FIELDS,
  Donation: fields.DONATION_FIELDS,
  LateEntry: fields.LATE_ENTRY_FIELDS,
  Screening: fields.SCREENING_FIELDS,
  Storage: fields.STORAGE_FIELDS,
  Excursion: fields.EXCURSION_FIELDS,
  DonationHold: fields.HOLD_FIELDS,
  HoldFinding: fields.HOLD_FINDING_FIELDS,
  DonationRelease: fields.DONATION_RELEASE_FIELDS,
  Destruction: fields.DESTRUCTION_FIELDS,
  Interdiction: fields.INTERDICTION_FIELDS,
  LabelCorrection: fields.LABEL_CORRECTION_FIELDS,
  Donor: fields.DONOR_FIELDS,
  DonationCorrection: fields.DONATION_CORRECTION_FIELDS,
  Deferral: fields.DEFERRAL_FIELDS,
  DeferralLift: fields.DEFERRAL_LIFT_FIELDS,
  Shipment: fields.SHIPMENT_FIELDS,
  ShipmentReceipt: fields.RECEIPT_FIELDS,
  Discrepancy: fields.DISCREPANCY_FIELDS,
  TestResult: fields.TEST_RESULT_FIELDS,
  TestSubject: fields.TEST_SUBJECT_FIELDS,
  OosInvestigation: fields.INVESTIGATION_FIELDS,
  Pool: fields.POOL_FIELDS,
  Lot: fields.LOT_FIELDS,
  Product: fields.PRODUCT_FIELDS,
  LotHold: fields.LOT_HOLD_FIELDS,
  QaRelease: fields.QA_RELEASE_FIELDS,
  LotRegulatorRelease: fields.LOT_REGULATOR_RELEASE_FIELDS,
  LotRecall: fields.RECALL_FIELDS,
  Deviation: fields.DEVIATION_FIELDS,
  Capa: fields.CAPA_FIELDS,
  ShippingCase: fields.SHIPPING_CASE_FIELDS,
  CaseShipment: fields.CASE_SHIPMENT_FIELDS,
  Unit: fields.UNIT_FIELDS,
  LookBackCase: fields.LOOK_BACK_CASE_FIELDS,
  LookBackRequest: fields.LOOK_BACK_REQUEST_FIELDS,
  LookBackWindowRequest: fields.WINDOW_REQUEST_FIELDS,
  LookBackScope: fields.LOOK_BACK_SCOPE_FIELDS,
  LookBackWindow: fields.LOOK_BACK_WINDOW_FIELDS,
  LookBackCounts: fields.LOOK_BACK_COUNTS_FIELDS,
  LookBackConclusion: fields.LOOK_BACK_CONCLUSION_FIELDS,
  RuleSet: fields.RULE_SET_FIELDS,
  ExcursionAllowance: fields.EXCURSION_ALLOWANCE_FIELDS,
  MandatoryTests: fields.MANDATORY_TESTS_FIELDS,
  Consortium: fields.REGISTRY_FIELDS,
  ConsortiumMember: fields.ORGANISATION_FIELDS,
  SignatureAuthority: fields.SIGNATURE_AUTHORITY_FIELDS,
  RegistryChangeProposal: fields.REGISTRY_PROPOSAL_FIELDS,
  RegistryChange: fields.REGISTRY_CHANGE_INPUT_FIELDS,
  RegistryProposer: fields.PROPOSER_FIELDS,
  ProcessStep: fields.PROCESS_STEP_FIELDS,
  MasterRecordRef: fields.MASTER_RECORD_REF_FIELDS,
  MasterBatchRecord: fields.MASTER_BATCH_RECORD_FIELDS,
  MasterStep: fields.MASTER_STEP_FIELDS,
  CriticalParameter: fields.CRITICAL_PARAMETER_FIELDS,
};

/** Object and input types that carry no chaincode record, each with what they carry instead. */
const GATEWAY_TYPES: Readonly<Record<string, string>> = {
  Query: 'root',
  Mutation: 'root',
  Subscription: 'root',
  DonationsPooled: "a transaction's summary over many objects, its event's payload",
  UnitsCommissioned: "a transaction's summary over many objects, its event's payload",
  CasesShipped: "a transaction's summary over many objects, its event's payload",
  DonationsRecorded: "a tray's answer: the DINs it recorded (the records come through the projection)",
  LookBackProgress: "a look-back step's summary, its event's payload and the cursor to continue from",
  LotInRelease: 'a lot with what the gateway knows of its release (signatures waiting in its database)',
  WaitingSignature: 'a QA release signature waiting in the gateway for the other one',
  QaReleaseSigning: 'what a QA release signature given to the gateway came to',
  TestAssessment: "a subject's results judged by the chaincode's assessResults, computed by the gateway",
  LotDistribution: "where a lot's cases went, gathered from the projection",
  Block: "the indexer's projection of a block",
  Transaction: "the indexer's projection of a transaction",
  TransactionStatus: "where a submitted transaction stands, as the indexer's projection holds it",
  SigningKey: "which of a person's keys signed a transaction, as their organisation's gateway knows",
  LedgerEvent: 'the envelope of a chaincode event (its data is the record it names)',
  ObjectRef: 'a key a transaction changed',
  FieldChange: 'an audit trail line, computed from the key history',
  AuditEntry: 'an audit trail entry, computed from the key history',
  NetworkNode: "a node's health probed by the gateway",
  NetworkStatus: "the network's health probed by the gateway",
  Alarm: 'an event judged by the alarm table',
  BlockIndexed: 'a subscription message',
  SourceDonation: 'lineage, gathered from the projection',
  DonorStanding: "a donor's record and donations, judged by the chaincode's rules with the rule set on the ledger",
  DonorDonation: "a donor's donation, gathered from the projection",
  RegisteredDonor: "a line of a station's donor register, gathered from the projection",
  UnmovedDonation: 'a bag that never left its station, from the projection, with the other stations its donor gave at',
  PoolSources: 'lineage, gathered from the projection',
  Upstream: 'lineage, gathered from the projection',
  DownstreamLot: 'lineage, gathered from the projection',
  Downstream: 'lineage, gathered from the projection',
  Person: "a person of the gateway's people database",
  Organisation: "a person's organisation as the gateway serves it",
  Session: 'a sign-in',
  PasswordReset: "an admin's one-time code for a person's new password",
  Device: "a person's device, whose key the gateway never sees, and its certificate",
  DeviceRequest: "a person's further device waiting for approval, before the CA certifies its key",
  DeviceApprovalInput: "a device's signature approving a further device of its person",
  SignatureRequest: 'bytes the gateway hands a device to sign',
  SigningStep: 'where a signing by a device stands',
  SecurityEvent: "an entry of the gateway's security log",
  SecurityEventDetail: "an entry of the gateway's security log",
  SecurityLogCheck: "the gateway's check of its security log's hash chain",
  AnchoredSecurityLogHead: "the gateway's view of its security log's head anchored on the ledger (chaincode SecurityLogAnchor)",
  SecurityLogAnchorCheck: "the gateway's check of its security log against the ledger's anchor",
  ReleaseSigningPayload: 'what a signer signs with a third-party certificate, prepared by the gateway',
  CertificateSignatureInput: 'a signature made with a third-party certificate, before the gateway completes it',
  AuditTrailExport: "an export of the projection's audit trail, with its hash and query",
  NewPersonInput: "an admin's new person, for the gateway's people database and the CA",
  Document: 'an off-chain document stored by the gateway',
  StoredDocument: 'an off-chain document stored by the gateway',
  VerificationCheck: 'a verification, computed by the gateway',
  VerificationDifference: 'a verification, computed by the gateway',
  Verification: 'a verification, computed by the gateway',
  ColdChainDevice: "the cold chain's PostgreSQL",
  ReadingBucket: "the cold chain's PostgreSQL",
  ColdChainExcursion: "the cold chain's PostgreSQL",
  ReadingStep: "a reading's Merkle proof step",
  ReadingProof: "a reading's Merkle inclusion proof",
  ParameterValue: "a process step's parameter value: the chaincode keeps a step's values as one object of name → number",
  ParameterValueInput: "a process step's parameter value: the gateway sends the chaincode the step's values as one object of name → number",
};

/**
 * Transactions that write but no mutation serves, each with the reason. Every other writing transaction of the role
 * matrix must be named by the gateway's source (a mutation's resolver or the service it calls).
 */
const NOT_SERVED: Partial<Readonly<Record<TransactionName, string>>> = {
  'Consortium:InitConsortium': 'genesis: the launcher, endorsed by every founding member',
  'RuleSet:SeedDefaultRuleSets': 'genesis: the launcher, endorsed by every founding member',
  'Consortium:ChangeRegistry':
    "every admin's signature in one transaction, which no one organisation's gateway holds: the launcher's; the gateway serves the same change gathered on the ledger (proposeRegistryChange, approveRegistryChange)",
  'ColdChain:RegisterDevice': "the launcher, as each site's admin, from cold-chain/devices.yaml",
  'ColdChain:AnchorReadings': "the cold-chain ingest, as each site's device gateway",
  'ColdChain:RaiseExcursion': "the cold-chain ingest, as each site's device gateway",
  'ColdChain:ContinueExcursion': "the cold-chain ingest, as each site's device gateway",
};

/** Every `Contract:Transaction` the gateway's own source submits: named in a step(…), ledgerMutation(…) or submit(…) call. */
function transactionsSubmittedByTheGateway(): Set<string> {
  const source = path.join(repoRoot, 'gateway-api/src');
  const named = readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.includes('generated'))
    .flatMap((file) => {
      const code = readFileSync(path.join(source, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // not what comments name
      return [...code.matchAll(/\b(?:step|ledgerMutation|signedLedgerMutation|submit)\([^'()]*'([A-Z][A-Za-z]+:[A-Z][A-Za-z]+)'/g)].map(
        (m) => m[1]!,
      );
    });
  return new Set(named);
}

/**
 * Mutations that submit no transaction a client would send again after a timeout, each with the reason; every other
 * mutation takes an optional `clientRequestId: ID`, which the chaincode keys so that a repeat answers the first answer.
 */
const WITHOUT_CLIENT_REQUEST_ID: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ['login', 'logout', 'changePassword', 'resetPassword', 'redeemPasswordReset'].map((m) => [m, 'a session or password, in the database']),
  ),
  ...Object.fromEntries(
    ['createPerson', 'disablePerson', 'enablePerson', 'changeRole', 'setKioskAccount'].map((m) => [
      m,
      "the organisation's people, in its database",
    ]),
  ),
  ...Object.fromEntries(
    ['enrolDevice', 'requestDevice', 'approveDeviceRequest', 'refuseDeviceRequest', 'revokeDevice'].map((m) => [
      m,
      "a person's device keys",
    ]),
  ),
  storeDocument: 'content-addressed: the same document stored again is the same document',
  anchorSecurityLog: "anchors the security log's head as it is when sent: sent again, it anchors the newer head",
  prepareTransaction: "a step of a mutation a device signs: the clientRequestId is among that mutation's own variables",
  submitSignedTransaction: "a step of a mutation a device signs: the clientRequestId is among that mutation's own variables",
};

/** Fields the gateway adds to a record, each computed by it and said so in the SDL. */
const GATEWAY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ProcessStep: ['digestMatches', 'linksToPrevious'], // the hash chain checked step by step (dossier)
};

describe('the gateway schema', function () {
  const schema = gatewaySchema();

  it('types every record and input with exactly the fields of its chaincode reader', function () {
    const drift: string[] = [];
    for (const [typeName, expected] of Object.entries(CHAINCODE_FIELDS)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type) && !isInputObjectType(type)) {
        drift.push(`${typeName}: not in the schema`);
        continue;
      }
      const served = Object.keys(type.getFields()).filter((field) => !(GATEWAY_FIELDS[typeName] ?? []).includes(field));
      const missing = expected.filter((field) => !served.includes(field));
      const extra = served.filter((field) => !expected.includes(field));
      if (missing.length > 0) drift.push(`${typeName} lacks ${missing.join(', ')} of the chaincode's record`);
      if (extra.length > 0) drift.push(`${typeName} has ${extra.join(', ')}, which the chaincode's record does not`);
    }
    expect(drift).to.deep.equal([]);
  });

  it("names every object and input type either as a chaincode record, held to its fields above, or as the gateway's own", function () {
    const types = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && (isObjectType(type) || isInputObjectType(type)))
      .map((type) => type.name);
    expect(
      types.filter((name) => !(name in CHAINCODE_FIELDS) && !(name in GATEWAY_TYPES)),
      'types neither list names',
    ).to.deep.equal([]);
    expect(
      Object.keys(GATEWAY_TYPES).filter((name) => name in CHAINCODE_FIELDS),
      'types both lists name',
    ).to.deep.equal([]);
    expect(
      Object.keys(GATEWAY_TYPES).filter((name) => !types.includes(name)),
      'gateway types no longer in the schema',
    ).to.deep.equal([]);
  });

  it('serves every transaction that writes by a mutation, or names why not', function () {
    const named = transactionsSubmittedByTheGateway();
    const writes = TRANSACTIONS.filter((transaction) => !isQueryTransaction(transaction));
    expect(
      writes.filter((transaction) => !named.has(transaction) && !(transaction in NOT_SERVED)),
      'neither served nor named',
    ).to.deep.equal([]);
    expect(
      Object.keys(NOT_SERVED).filter((transaction) => named.has(transaction)),
      'served, yet named as not served',
    ).to.deep.equal([]);
    expect(
      Object.keys(NOT_SERVED).filter((transaction) => !(writes as string[]).includes(transaction)),
      'not a writing transaction',
    ).to.deep.equal([]);
  });

  it('lets a client send every ledger mutation again under its own clientRequestId, or names why a mutation takes none', function () {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const takesOne = (field: (typeof mutations)[number]): boolean =>
      field.args.some((arg) => arg.name === 'clientRequestId' && String(arg.type) === 'ID');
    expect(
      mutations.filter((field) => !takesOne(field) && !(field.name in WITHOUT_CLIENT_REQUEST_ID)).map((field) => field.name),
      'neither takes a clientRequestId nor is named',
    ).to.deep.equal([]);
    expect(
      mutations.filter((field) => takesOne(field) && field.name in WITHOUT_CLIENT_REQUEST_ID).map((field) => field.name),
      'takes one, yet is named as taking none',
    ).to.deep.equal([]);
    expect(
      Object.keys(WITHOUT_CLIENT_REQUEST_ID).filter((name) => !mutations.some((field) => field.name === name)),
      'named, but no mutation',
    ).to.deep.equal([]);
  });

  // OperationJson carries the variables and answer of a mutation a device signs (prepareTransaction): typed by that
  // mutation's own schema, which validates them as if it were sent alone.
  it("carries no domain data as an untyped scalar: the only scalars are DateTime, the two documents that are not ledger records, and a signed operation's envelope", function () {
    const scalars = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && type.astNode?.kind === Kind.SCALAR_TYPE_DEFINITION)
      .map((type) => type.name)
      .sort();
    expect(scalars).to.deep.equal(['DateTime', 'EpcisDocument', 'JsonDocument', 'OperationJson']);
  });

  it('serves every operation the explorer and the demo story send, each within the default query limits', function () {
    const invalid: string[] = [];
    let operations = 0;
    // A document is validated with its client's fragment definitions beside it, as operation(…) sends it; whether each
    // fragment is spread somewhere is asked of the client as a whole, so NoUnusedFragments is left out per document.
    // The gateway's limits (depth, cost, aliases, expensive fields) are checked as a gateway configured with none applies
    // them, so a page asking too much at once fails here, not in a browser.
    const rules = [...specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule), ...operationLimitRules(defaultQueryLimits())];
    for (const client of CLIENTS) {
      const sources = clientDocuments(client.sources);
      const fragments = sources.flatMap((source) => source.fragments);
      const defined = fragments.flatMap((fragment) =>
        parse(fragment).definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])),
      );
      const spread = new Set<string>();
      for (const { file, code, operations: documents, fragments: fragmentDocuments } of sources) {
        // Every operation(…) and fragment(…) call of a client carries its text as a /* GraphQL */ template, or it would
        // escape this test (comments, where the two are talked of, left out).
        const calls = (text: string): number =>
          code.replace(/\/\*\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '').match(new RegExp(`\\b${text}(<[^(]*>)?\\(`, 'g'))?.length ?? 0;
        const [operationCalls, fragmentCalls] = [calls('operation'), calls('fragment')];
        if (documents.length < operationCalls)
          invalid.push(`${file}: ${operationCalls} operation(…) calls, ${documents.length} /* GraphQL */ operations`);
        if (fragmentDocuments.length < fragmentCalls)
          invalid.push(`${file}: ${fragmentCalls} fragment(…) calls, ${fragmentDocuments.length} /* GraphQL */ fragments`);
        for (const document of [...documents, ...fragmentDocuments]) {
          visit(parse(document), { FragmentSpread: (node) => void spread.add(node.name.value) });
        }
        for (const document of documents) {
          operations += 1;
          const name = /(query|mutation|subscription)\s+(\w+)/.exec(document)?.[2] ?? 'an operation';
          try {
            const errors = validate(schema, parse([document, ...fragments].join('\n')), rules);
            for (const error of errors) invalid.push(`${file}: ${name}: ${error.message}`);
          } catch (refusal) {
            // The limits refuse by throwing, as the gateway answers QUERY_TOO_COMPLEX.
            invalid.push(`${file}: ${name}: ${refusal instanceof Error ? refusal.message : String(refusal)}`);
          }
        }
      }
      for (const name of defined) if (!spread.has(name)) invalid.push(`${client.sources}: fragment ${name} is spread nowhere`);
      for (const name of spread)
        if (!defined.includes(name)) invalid.push(`${client.sources}: ...${name} spreads no fragment of the client`);
    }
    expect(invalid).to.deep.equal([]);
    expect(operations, 'documents found in the clients').to.be.greaterThan(40);
  });

  it('has its generated types as `npm run codegen` writes them now', async function () {
    for (const { file, content } of await generatedFiles()) {
      expect(readFileSync(path.join(repoRoot, file), 'utf8') === content, `${file} is out of date: run npm run codegen`).to.equal(true);
    }
  });
});
