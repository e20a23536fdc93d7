// What clients (tests, benchmarks, the gateway) share with the chaincode without loading the contracts: identifier
// rules, what signers sign, and how to verify pools' and look-back cases' digests.
export { computeDinCheckCharacter, normaliseDinKey, parseDin, type ParsedDin } from './identifiers/din';
export { gs1CheckDigit } from './identifiers/gs1';
export { EventName, OBJECT_TYPES, type LedgerEvent, type ObjectRef, type ObjectType } from './ledger/events';
export { recordDigest, signingPayload, type ElectronicSignature, type SignableRecord, type SignatureMeaning } from './signatures/electronic-signature';
export { signLowS } from './signatures/ecdsa';
export { verifyMembershipProof, type MembershipProof } from './pool/membership';
export { itemsDigestOf, type LookBackItem } from './lookback/look-back-case';
export { screeningCollection } from './donation/screening';
export { ChaincodeError, ConflictError, ErrorCode, ForbiddenError, NotFoundError, ValidationError } from './errors';
