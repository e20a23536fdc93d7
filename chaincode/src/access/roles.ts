// The role matrix: who may call each transaction. The one place access rules live; anything unlisted is refused.
// docs/roles.md is generated from this table (npx tsx chaincode/scripts/roles-doc.ts) and a test keeps the two equal.
// Contracts add object-level checks on top (a station ships only its own donations, a factory receives only
// shipments addressed to it); they never widen what this table allows.
// Pure data: clients (the gateway, the explorer in the browser) import it; authorise.ts applies it on the ledger.
import { ORGANISATION_KINDS, type OrganisationKind } from '../consortium/organisation-kind';

/** The roles people hold: values of the `role` attribute in their enrolment certificates. */
export const PERSON_ROLES = [
  'collector',
  'station-qa',
  'warehouse',
  'production',
  'factory-qa',
  'qp',
  'regulator',
  'inspector',
  'admin',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/**
 * The roles of service identities: an organisation's cold-chain ingest (`device-gateway`: anchors readings, raises
 * excursions, reads like any member) and the gateway's reader of the channel (`service`: reads blocks; no
 * transaction grants it anything).
 */
export const SERVICE_ROLES = ['device-gateway', 'service'] as const;

/** Every value of the `role` attribute: the one list the topology, the gateway and the explorer take theirs from. */
export const ROLES = [...PERSON_ROLES, ...SERVICE_ROLES] as const;
export type Role = (typeof ROLES)[number];

/**
 * Not looked up in the registry: any organisation on the channel qualifies (Fabric admits no one else).
 * For what must work before the registry exists: creating it, and reading it to see whether it exists yet.
 */
export const ANY_CHANNEL_MEMBER = 'any channel member';

/** Callers holding one of `roles` in an organisation of one of `kinds`. */
export interface Grant {
  readonly kinds: readonly OrganisationKind[] | typeof ANY_CHANNEL_MEMBER;
  readonly roles: readonly Role[];
}

/** A transaction is allowed when any of its grants matches the caller. */
export type Permission = readonly Grant[];

const grant = (kinds: Grant['kinds'], ...roles: Role[]): Grant => ({ kinds, roles });

/** Who may query: every person of every member organisation, and the ingest; traceability is shared by design. */
export const READERS: readonly Role[] = [...PERSON_ROLES, 'device-gateway'];
const QUERY: Permission = [grant(ORGANISATION_KINDS, ...READERS)];
const REGISTRY_QUERY: Permission = [grant(ANY_CHANNEL_MEMBER, ...READERS)];

const STATION_STAFF = grant(['station'], 'collector', 'station-qa');
const STATION_QA = grant(['station'], 'station-qa');
const FACTORY_QA = grant(['factory'], 'factory-qa');
const PRODUCTION = grant(['factory'], 'production', 'factory-qa');
const MATERIALS = grant(['factory'], 'warehouse', 'production');
const REGULATOR = grant(['regulator'], 'regulator');
// Opening a look-back stops other members' work: the contract also checks that the caller answers for the donor.
const LOOK_BACK: Permission = [STATION_QA, FACTORY_QA, REGULATOR];
const LOOK_BACK_REQUEST: Permission = [STATION_QA, FACTORY_QA, grant(['regulator'], 'regulator', 'inspector')];
const LOOK_BACK_DECISION: Permission = [STATION_QA, REGULATOR];
const LOT_HOLD: Permission = [grant(['factory'], 'factory-qa', 'qp'), REGULATOR];

/** Keyed by `Contract:Transaction`, as clients name them. */
export const PERMISSIONS = {
  // At genesis every founding member's peer must endorse, and each checks its own entry against its organisation card.
  'Consortium:InitConsortium': [grant(ANY_CHANNEL_MEMBER, 'admin')],
  // Approved by the signatures of a majority of the members' admins; the registry's key-level policy needs a majority too.
  'Consortium:ChangeRegistry': [grant(ORGANISATION_KINDS, 'admin')],
  'Consortium:GetRegistryChangeRecord': QUERY,
  // The same change gathered on the ledger, one admin at a time, each from their own organisation's gateway: any
  // member's admin proposes; each approves with their own signature (the contract checks signer = caller, once per
  // organisation) and the approval that makes a majority applies it; only the proposing organisation's admin withdraws.
  'Consortium:ProposeRegistryChange': [grant(ORGANISATION_KINDS, 'admin')],
  'Consortium:ApproveRegistryChange': [grant(ORGANISATION_KINDS, 'admin')],
  'Consortium:WithdrawRegistryChange': [grant(ORGANISATION_KINDS, 'admin')],
  'Consortium:GetRegistryProposalRecord': QUERY,
  'Consortium:GetRegistryChangeProposal': QUERY,
  'Consortium:ListRegistryChangeProposals': QUERY,
  'Consortium:GetRegistry': QUERY,
  // The launcher lists the organisations before InitConsortium to learn whether it still has to run it.
  'Consortium:GetOrganisation': REGISTRY_QUERY,
  'Consortium:ListOrganisations': REGISTRY_QUERY,
  'Consortium:GetCertificateAuthority': QUERY,

  'RuleSet:SeedDefaultRuleSets': [grant(['regulator'], 'admin', 'regulator')],
  // Key-level endorsement also makes every change need peers of both the regulator and the factory.
  'RuleSet:ChangeRuleSet': [REGULATOR],
  'RuleSet:GetRuleSet': QUERY,
  'RuleSet:ListRuleSets': QUERY,
  'RuleSet:GetRuleChangeRecord': QUERY,

  'Donation:RecordDonation': [grant(['station'], 'collector')],
  'Donation:RecordDonations': [grant(['station'], 'collector')],
  // With the station QA's signed late-entry record.
  'Donation:RecordLateDonation': [STATION_STAFF],
  'Donation:GetLateEntryRecord': QUERY,
  'Donation:RecordScreening': [STATION_QA],
  'Donation:RecordStorage': [STATION_STAFF],
  'Donation:RecordTemperatureExcursion': [STATION_STAFF, grant(['factory'], 'warehouse', 'factory-qa')],
  'Donation:ResolveHold': [STATION_QA, FACTORY_QA],
  // Lifts a label hold as ResolveHold lifts the others: the custodian's QA (the contract checks custody).
  'Donation:CorrectLabel': [STATION_QA, FACTORY_QA],
  // A mistyped collection item: the station's staff propose, its QA (another person, the contract checks) reviews.
  'Donation:ProposeCorrection': [STATION_STAFF],
  'Donation:ReviewCorrection': [STATION_QA],
  'Donation:QuarantineDonations': [grant(['factory'], 'warehouse')],
  'Donation:ReleaseDonations': [FACTORY_QA],
  'Donation:DestroyDonation': [STATION_QA, FACTORY_QA],
  'Donation:GetDonation': QUERY,
  'Donation:GetDonationHistory': QUERY,
  'Donation:GetDestructionRecord': QUERY,
  // The screening detail lives in the station's and the factory's private collection; its hash is public.
  'Donation:GetScreeningDetail': [STATION_STAFF, grant(['factory'], 'factory-qa', 'qp')],

  // A station defers a donor it collected from or a new one (the contract checks which); the regulator anyone. The
  // deferring organisation or the regulator lifts a deferral.
  'Donor:DeferDonor': [STATION_QA, REGULATOR],
  'Donor:LiftDeferral': [STATION_QA, REGULATOR],
  'Donor:GetDonor': QUERY,

  'Shipment:DispatchShipment': [STATION_STAFF],
  'Shipment:ReceiveShipment': [grant(['factory'], 'warehouse')],
  'Shipment:GetShipment': QUERY,

  // The regulator's lot-release laboratory (批签发) tests lots too.
  'TestResult:RecordTestResult': [FACTORY_QA, REGULATOR],
  // Only the organisation whose laboratory reported the result closes its investigation (the contract checks it).
  'TestResult:CloseOosInvestigation': [FACTORY_QA, REGULATOR],
  'TestResult:GetTestResult': QUERY,
  'TestResult:ListTestResults': QUERY,

  'Pool:CreatePool': [MATERIALS],
  'Pool:AddToPool': [MATERIALS],
  'Pool:ClosePool': [MATERIALS],
  'Pool:GetPool': QUERY,
  'Pool:GetPoolChunk': QUERY,
  'Pool:GetMembershipProof': QUERY,

  'Lot:CreateLot': [PRODUCTION],
  'Lot:RecordProcessStep': [PRODUCTION],
  'Lot:RaiseDeviation': [grant(['factory'], 'production', 'factory-qa', 'qp')],
  // Closing a deviation approves its CAPA: quality's decision.
  'Lot:CloseDeviation': [grant(['factory'], 'factory-qa', 'qp')],
  // The QP submits the release carrying both electronic signatures (QA reviewer and QP).
  'Lot:QaRelease': [grant(['factory'], 'qp')],
  'Lot:RegulatorRelease': [REGULATOR],
  'Lot:PlaceOnHold': LOT_HOLD,
  'Lot:ReleaseHold': LOT_HOLD,
  'Lot:RecallLot': [grant(['factory'], 'qp'), REGULATOR],
  // A product's master batch record is quality's document; its changes are versioned, each step names the one it met.
  'Lot:DefineMasterBatchRecord': [FACTORY_QA],
  'Lot:GetMasterBatchRecord': QUERY,
  'Lot:GetLot': QUERY,
  'Lot:GetReleaseRecord': QUERY,
  'Lot:GetReleaseSignatureCheck': QUERY,
  'Lot:ListProcessSteps': QUERY,
  'Lot:ListDeviations': QUERY,

  'Units:CommissionUnits': [MATERIALS],
  'Units:PackCase': [MATERIALS],
  'Units:ShipCases': [grant(['factory'], 'warehouse')],
  'Units:GetUnit': QUERY,
  'Units:GetCase': QUERY,
  'Units:ListUnitsOfLot': QUERY,

  'LookBack:OpenLookBack': LOOK_BACK,
  'LookBack:ContinueLookBack': LOOK_BACK,
  'LookBack:RequestLookBack': LOOK_BACK_REQUEST,
  'LookBack:ConfirmLookBackRequest': LOOK_BACK_DECISION,
  'LookBack:DeclineLookBackRequest': LOOK_BACK_DECISION,
  'LookBack:ConcludeLookBack': [REGULATOR],
  'LookBack:GetLookBackConclusionRecord': QUERY,
  'LookBack:GetLookBackCase': QUERY,
  'LookBack:GetLookBackRequest': QUERY,

  // Devices belong to the site (station or factory) that registers them; the ingest of that site reports on them.
  'ColdChain:RegisterDevice': [grant(['station', 'factory'], 'admin'), STATION_QA, FACTORY_QA],
  'ColdChain:AnchorReadings': [grant(['station', 'factory'], 'device-gateway')],
  'ColdChain:RaiseExcursion': [grant(['station', 'factory'], 'device-gateway')],
  'ColdChain:ContinueExcursion': [grant(['station', 'factory'], 'device-gateway')],
  'ColdChain:GetDevice': QUERY,
  'ColdChain:GetWindowAnchor': QUERY,
  'ColdChain:GetExcursion': QUERY,

  // Each member's admin anchors its own gateway's security log; anyone may check a log against its anchor.
  'SecurityLog:AnchorHead': [grant(ORGANISATION_KINDS, 'admin')],
  'SecurityLog:GetAnchor': QUERY,

  'Lineage:GetLotUpstream': QUERY,
  'Lineage:GetDonationDownstream': QUERY,
  'Lineage:GetAuditTrail': QUERY,
} as const satisfies Readonly<Record<string, Permission>>;

/** Every transaction the chaincode serves, as the matrix names it: `Contract:Transaction`. */
export type TransactionName = keyof typeof PERMISSIONS;

export const TRANSACTIONS = Object.keys(PERMISSIONS) as TransactionName[];

/**
 * Whether `transaction` only reads: by convention its name starts with Get or List, and those alone are evaluated
 * rather than submitted (`@Transaction(false)`; a chaincode test holds the two together).
 */
export const isQueryTransaction = (transaction: TransactionName): boolean => /^[A-Za-z]+:(Get|List)[A-Z]/.test(transaction);

/** The permission of `transaction`, or undefined when the matrix does not list it. */
export const permissionOf = (transaction: string): Permission | undefined =>
  Object.hasOwn(PERMISSIONS, transaction) ? PERMISSIONS[transaction as TransactionName] : undefined;

/**
 * Whether a caller of `role` in an organisation of `kind` may call `transaction`: the matrix read the way
 * `authorise` reads it, for clients that decide what to offer before the ledger decides.
 */
export function permits(transaction: TransactionName, role: string, kind: string): boolean {
  return (permissionOf(transaction) ?? []).some(
    (candidate) =>
      (candidate.roles as readonly string[]).includes(role) &&
      (candidate.kinds === ANY_CHANNEL_MEMBER || (candidate.kinds as readonly string[]).includes(kind)),
  );
}

/** Who gives each of a lot's two QA release signatures: the QA reviewer and the qualified person. */
export const QA_RELEASE_SIGNER_ROLE = { 'qa-review': 'factory-qa', 'qp-release': 'qp' } as const satisfies Record<string, Role>;

/** Who signs the regulator's records: a lot's release, a rule-set change, a look-back's conclusion. */
export const REGULATOR_SIGNER_ROLE = 'regulator' satisfies Role;

/** Who approves a change of the consortium registry: each member's admin, for their organisation. */
export const REGISTRY_CHANGE_SIGNER_ROLE = 'admin' satisfies Role;

/** Who signs a late entry: the station's QA, whoever of its staff records it. */
export const LATE_ENTRY_SIGNER_ROLE = 'station-qa' satisfies Role;

/** Who signs a bag's destruction: its custodian's QA, by the custodian's kind. */
export const DESTRUCTION_SIGNER_ROLE = { station: 'station-qa', factory: 'factory-qa' } as const satisfies Partial<
  Record<OrganisationKind, Role>
>;
