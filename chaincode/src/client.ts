// The chaincode's node-side face for clients (the gateway, the cold chain, the demo, tests, benchmarks), without the
// contracts: the records and their validators (the projection holds only what the ledger would accept), identifier
// rules, the role matrix, governed rule defaults, errors, canonical JSON, digests, Merkle trees and signatures. The
// browser's face is browser.ts: the part of this that needs neither node:crypto nor Buffer.
export * from './browser';
export { parseDin, FIN_RULE, DIN_RULE, type ParsedDin } from './identifiers/din';
export { SSCC_RULE, parseGs1Unit, type Gs1Unit } from './identifiers/gs1';
export { AnsweredError, ChaincodeError, ConflictError, ErrorCode, ForbiddenError, NotFoundError, ValidationError } from './errors';
export { SHA256_HEX_RULE, type Rule } from './validation';

// Records and their validators.
export { DONATION_STATUSES, DONOR_PSEUDONYM_RULE, newDonation, type Donation, type DonationStatus } from './donation/donation';
export { deferralAt, DONOR_RECORD_KEY_TYPE, eligibleFrom, newDonor, type Deferral, type Donor } from './donation/donor';
export { newLot, LOT_ID_RULE, LOT_STATUSES, productCodeOf, type Lot, type LotStatus, type Product } from './lot/lot';
export {
  newMasterBatchRecord,
  PRODUCT_CODE_RULE,
  type CriticalParameter,
  type MasterBatchRecord,
  type MasterRecordRef,
  type MasterStep,
} from './lot/master-batch-record';
export { GENESIS_DIGEST, newDeviation, newProcessStep, stepDigest, type Deviation, type ProcessStep } from './lot/batch-record';
export { newTestResult, SUBJECT_KINDS, type SubjectKind, type TestResult } from './testing/test-result';
export { assessResults, type Assessment } from './testing/assessment';
export { newShippingCase, newUnit, UNIT_STATUSES, type ShippingCase, type Unit } from './units/unit';
export { newPool, type Pool } from './pool/pool';
export { newShipment, type Shipment } from './shipment/shipment';
export { newLookBackCase, type LookBackCase } from './lookback/look-back-case';
export { newLookBackRequest, REQUEST_STATUSES, type LookBackRequest } from './lookback/look-back-request';
export { newRegistry, type Registry } from './consortium/registry';
export {
  newRegistryChangeProposal,
  REGISTRY_PROPOSAL_STATUSES,
  type RegistryChangeProposal,
  type RegistryProposalStatus,
} from './consortium/registry-proposal';
export { parseUnitCode, type UnitCode } from './units/unit-code';
export { jurisdictionOf, newOrganisation, readOrganisations, type Organisation } from './consortium/organisation';
export { DEVICE_KINDS, locationRequired, type DeviceKind } from './cold-chain/device-kind';

// Governed rules: the defaults every jurisdiction starts from.
export { DEFAULT_RULES, newRuleSet, type RuleSet, type Rules } from './rules/rule-set';
export { DEFAULT_JURISDICTION } from './rules/jurisdiction';

// Canonical bytes, digests, Merkle trees, signatures.
export { newChangeStamp } from './ledger/change';
export { toCanonicalBytes, toCanonicalJson } from './ledger/canonical';
export { canonicalDigest, sha256Hex } from './ledger/digest';
export * as ledgerMerkle from './ledger/merkle';
export {
  recordDigest,
  roleSigningPayload,
  signingPayload,
  type ElectronicSignature,
  type SignableRecord,
  type SignatureMeaning,
} from './signatures/signature-record';
export { canonicalSignature, signLowS } from './signatures/ecdsa';
export type { SignatureAuthority } from './signatures/signature-authority';
export { commonNameOf, printedNameOf } from './signatures/certificate';
export { verifyMembershipProof, type MembershipProof } from './pool/membership';
export { itemsDigestOf, type LookBackItem } from './lookback/look-back-case';
export { SCREENING_TRANSIENT_KEY, screeningCollection } from './donation/screening';
export { CLIENT_REQUEST_TRANSIENT_KEY, SIGNATURE_STAND_IN } from './access/client-request';

// The field lists of records and transaction inputs, for clients to check their own shapes against.
export * from './record-fields';
