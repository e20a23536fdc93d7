// Who acts, and where the key that signs for them is: in their own device (a browser's WebCrypto key the gateway
// never sees), or, without one, sealed at the gateway (service identities, kiosk accounts, and everyone until they
// enrol a device). Everything that signs asks for a signature the same way, so both keys go through one path.
import type { Person } from './person';

/** What a signature is for: the three steps of a ledger transaction, or an electronic signature over a record. */
export type SignatureStage = 'proposal' | 'transaction' | 'commit-status' | 'record';

export interface SignatureRequest {
  readonly stage: SignatureStage;
  /** The bytes to sign (ECDSA P-256 over their SHA-256); what the ledger or the chaincode will verify. */
  readonly message: Uint8Array;
  /** The chaincode transaction (Contract:Function) and its id, for every stage but `record`. */
  readonly transaction?: string;
  readonly transactionId?: string;
}

/** A key in the person's own device: the gateway hands it what to sign and receives the signature, DER, low S. */
export interface DeviceSigner {
  readonly deviceId: string;
  /** PEM of the device's certificate: the person's name and role, the device's public key. */
  readonly certificate: string;
  sign(request: SignatureRequest): Promise<Uint8Array>;
}

export interface Actor {
  readonly person: Person;
  /** Absent: the key the gateway keeps for the person signs. */
  readonly device?: DeviceSigner;
}
