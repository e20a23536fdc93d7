// The chaincode's public face: the contracts fabric-contract-api serves, and helpers clients share.
import type { Contract } from 'fabric-contract-api';
import { ConsortiumContract } from './consortium/consortium-contract';
import { DonationContract } from './donation/donation-contract';

// fabric-contract-api reads `contracts` from the package main; the first is the default for unqualified names.
export const contracts: (typeof Contract)[] = [ConsortiumContract, DonationContract];

export { computeDinCheckCharacter, normaliseDinKey, parseDin, type ParsedDin } from './identifiers/din';
export { EventName, type LedgerEvent } from './ledger/events';
export { ChaincodeError, ConflictError, ErrorCode, ForbiddenError, NotFoundError, ValidationError } from './errors';
