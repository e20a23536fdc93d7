// A person's signing key on this device: an ECDSA P-256 key made by WebCrypto as non-extractable, so that scripts of
// this page may sign with it and nothing (the gateway included) can ever read it. The gateway receives only a
// certificate request for it, and, for each mutation, the signatures of the bytes it hands over (prepareTransaction,
// then submitSignedTransaction until the mutation has committed). The explorer runs this in the browser; the demo and
// the tests run the very same code on Node's WebCrypto.
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A new key pair whose private half cannot be exported. */
export function newDeviceKeys(crypto: Crypto = globalThis.crypto): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, false, ['sign', 'verify']);
}

/** The PKCS#10 request (PEM) the gateway's enrolDevice takes: subject CN = the person's username, signed by the key itself. */
export async function certificateRequest(keys: CryptoKeyPair, username: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: `CN=${username}`, keys, signingAlgorithm: SIGNATURE_ALGORITHM },
    crypto,
  );
  return request.toString('pem');
}

/** The signature, base64, of bytes given in base64: r‖s as WebCrypto makes it (the gateway puts it in Fabric's DER form). */
export async function signBase64(privateKey: CryptoKey, messageBase64: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const signature = await crypto.subtle.sign(SIGNATURE_ALGORITHM, privateKey, fromBase64(messageBase64));
  return toBase64(new Uint8Array(signature));
}

/**
 * The code a device request shows, here and to whoever approves it: the first sixteen hex digits, upper case, of the
 * SHA-256 of the request's DER, in fours (as the gateway's DeviceRequest.code).
 */
export async function approvalCodeOf(certificateRequestPem: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const der = new x509.Pkcs10CertificateRequest(certificateRequestPem).rawData;
  const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', der))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return codeOf(hex);
}

const codeOf = (sha256Hex: string): string => (sha256Hex.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');

/**
 * This device's approval of a further device of its own person: the signature of the request's approvalPayload, once
 * the payload is seen to approve exactly the request shown (its id, label and code) for that person, never a record
 * or a transaction.
 */
export async function signDeviceApproval(
  privateKey: CryptoKey,
  request: { readonly id: string; readonly label: string; readonly code: string; readonly approvalPayload: string },
  username: string,
  crypto: Crypto = globalThis.crypto,
): Promise<string> {
  const payload = jsonOf(request.approvalPayload) as
    { purpose?: unknown; request?: unknown; username?: unknown; label?: unknown; certificateRequestSha256?: unknown } | undefined;
  if (payload === undefined) throw new Error('the gateway asked for an approval of something that is not an approval payload; refused');
  const shown =
    payload.purpose === 'approve-device' &&
    payload.request === request.id &&
    payload.username === username &&
    payload.label === request.label &&
    typeof payload.certificateRequestSha256 === 'string' &&
    codeOf(payload.certificateRequestSha256) === request.code;
  if (!shown) {
    throw new Error(
      `the gateway asked ${username}'s device to sign something other than the approval of request ${request.id} as shown; refused`,
    );
  }
  return signBase64(privateKey, request.approvalPayload, crypto);
}

/** Base64 bytes as a JSON object, when they are one (a signing payload); undefined otherwise (a Fabric message). */
function jsonOf(base64: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(base64)));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface SignatureRequest {
  readonly stage: string;
  readonly message: string;
  readonly transaction?: string | null;
}

interface SigningStep {
  readonly signingId: string;
  readonly next?: SignatureRequest | null;
  readonly result?: unknown;
}

/** Sends one GraphQL request as the signed-in person and answers its data (throwing its errors). */
export type GraphQLCall = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

const STEP = 'signingId next { stage message transaction transactionId } result';
const PREPARE = `mutation Prepare($deviceId: ID!, $operation: String!, $variables: OperationJson) {
  prepareTransaction(deviceId: $deviceId, operation: $operation, variables: $variables) { ${STEP} }
}`;
const SUBMIT = `mutation SubmitSigned($signingId: ID!, $signature: String!) {
  submitSignedTransaction(signingId: $signingId, signature: $signature) { ${STEP} }
}`;

/** Mutations about the session and the device itself: never signed by the device (the gateway refuses them there). */
const UNSIGNED_MUTATIONS: ReadonlySet<string> = new Set([
  'login',
  'logout',
  'changePassword',
  'redeemPasswordReset',
  'enrolDevice',
  'requestDevice',
  'approveDeviceRequest',
  'refuseDeviceRequest',
  'revokeDevice',
  'prepareTransaction',
  'submitSignedTransaction',
]);

/** Whether a device signs this operation document: a mutation that acts, not one about the session or the device itself. */
export function signedByDevice(document: string): boolean {
  const field = /^\s*mutation\b[^{]*\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(document)?.[1];
  return field !== undefined && !UNSIGNED_MUTATIONS.has(field);
}

/** More steps than any one mutation needs (three per transaction, three tries of one, a read and a record signature). */
const MAX_STEPS = 16;

/**
 * Runs one mutation (a document of one mutation field) signed by this device's key: signs every step the gateway
 * hands over, `onSign` hearing of each (to show what is signed), and answers the operation's data, as if sent alone.
 * An electronic signature is signed only as the device's own person's (its payload names the signer).
 */
export async function signedMutation(
  call: GraphQLCall,
  device: { readonly id: string; readonly privateKey: CryptoKey; readonly username: string },
  operation: string,
  variables: Record<string, unknown>,
  onSign?: (request: SignatureRequest) => void,
  crypto: Crypto = globalThis.crypto,
): Promise<unknown> {
  let step = (await call(PREPARE, { deviceId: device.id, operation, variables })).prepareTransaction as SigningStep;
  for (let steps = 0; step.next; steps += 1) {
    if (steps === MAX_STEPS) throw new Error(`the gateway asked for more than ${MAX_STEPS} signatures for one mutation; stopped`);
    if (step.next.stage === 'RECORD') checkRecordPayload(step.next.message, device.username);
    // A ledger step is a Fabric message (protobuf), never JSON: JSON there would be an approval or a record in disguise.
    else if (jsonOf(step.next.message) !== undefined)
      throw new Error(`the gateway asked for a ${step.next.stage} signature over JSON; refused`);
    onSign?.(step.next);
    const signature = await signBase64(device.privateKey, step.next.message, crypto);
    step = (await call(SUBMIT, { signingId: step.signingId, signature })).submitSignedTransaction as SigningStep;
  }
  return step.result;
}

/** An electronic signature's payload (canonical JSON) must name this device's person as the signer. */
function checkRecordPayload(messageBase64: string, username: string): void {
  const payload = jsonOf(messageBase64);
  if (payload === undefined)
    throw new Error('the gateway asked for an electronic signature over something that is not a signing payload; refused');
  if (payload.signerName !== username)
    throw new Error(`the gateway asked ${username}'s device to sign as ${String(payload.signerName)}; refused`);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
