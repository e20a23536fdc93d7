// Work that a person's own device signs, one signature at a time: the work runs here, and each time it needs a
// signature it waits while its session hands the bytes to the client (the browser holding the key) and resumes
// with the signature the client sends back. So the gateway prepares, endorses, submits and waits for the commit as
// it always does, but every signature is made where the key is.
import { randomUUID } from 'node:crypto';
import { canonicalSignature } from '@plasma/chaincode';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { DeviceSigner, SignatureRequest } from './actor';

/** Where a signing session stands, as its client sees it after each step. */
export interface SigningStep {
  readonly signingId: string;
  /** What to sign next; absent once the work has finished. */
  readonly next?: SignatureRequest;
  /** The work's answer once it has finished. */
  readonly result?: unknown;
}

/** Who may answer a session: the person who started it, in the same sign-in session. */
export interface SigningOwner {
  readonly personId: string;
  readonly token: string;
}

export interface SigningSessions {
  /** Starts `work` with a signer that asks the client; answers the first signature wanted, or the result. */
  start(
    owner: SigningOwner,
    device: { readonly id: string; readonly certificate: string },
    work: (signer: DeviceSigner) => Promise<unknown>,
  ): Promise<SigningStep>;
  /** The signature (base64, DER or WebCrypto's r‖s) of what the session asked last; answers the next step. */
  answer(owner: SigningOwner, signingId: string, signature: string): Promise<SigningStep>;
}

export interface SigningSessionOptions {
  /** How long a signature may take to come back before the work is abandoned. */
  readonly signatureTimeoutMs: number;
  /** Sessions one person may have open at once. */
  readonly maxOpenPerPerson: number;
}

interface Session {
  readonly id: string;
  readonly owner: SigningOwner;
  asked?: {
    readonly request: SignatureRequest;
    readonly resolve: (signature: Uint8Array) => void;
    readonly reject: (error: Error) => void;
  };
  finished?: { readonly result: unknown } | { readonly error: Error };
  /** Called when the work asks for a signature or finishes. */
  wake?: () => void;
  timer?: NodeJS.Timeout;
}

export function signingSessions(options: Readonly<SigningSessionOptions>): SigningSessions {
  const sessions = new Map<string, Session>();

  // The work asks, or finishes: the client waiting for its next step hears of it.
  const nextStep = (session: Session): Promise<SigningStep> =>
    new Promise((resolve, reject) => {
      const settle = (): boolean => {
        if (session.finished) {
          sessions.delete(session.id);
          clearTimeout(session.timer);
          if ('error' in session.finished) reject(session.finished.error);
          else resolve({ signingId: session.id, result: session.finished.result });
          return true;
        }
        if (session.asked) {
          resolve({ signingId: session.id, next: session.asked.request });
          return true;
        }
        return false;
      };
      if (!settle()) session.wake = () => void settle();
    });

  const ownedSession = (owner: SigningOwner, signingId: string): Session => {
    const session = sessions.get(signingId);
    // Someone else's session is answered as one that does not exist.
    if (!session || session.owner.personId !== owner.personId || session.owner.token !== owner.token) {
      throw new GatewayError(ErrorCode.NotFound, `no signing ${signingId} of this sign-in is waiting (it may have timed out)`);
    }
    return session;
  };

  return {
    start(owner, device, work) {
      const open = [...sessions.values()].filter((s) => s.owner.personId === owner.personId).length;
      if (open >= options.maxOpenPerPerson) {
        throw new GatewayError(ErrorCode.RateLimited, `at most ${options.maxOpenPerPerson} signings may wait for one person at once`, {
          retryAfterSeconds: Math.ceil(options.signatureTimeoutMs / 1000),
        });
      }
      const session: Session = { id: randomUUID(), owner };
      sessions.set(session.id, session);
      const signer: DeviceSigner = {
        deviceId: device.id,
        certificate: device.certificate,
        sign: (request) =>
          new Promise<Uint8Array>((resolve, reject) => {
            session.asked = { request, resolve, reject };
            // A client that never answers leaves nothing behind: the work fails, and the session with it.
            session.timer = setTimeout(() => {
              session.asked = undefined;
              sessions.delete(session.id);
              reject(new GatewayError(ErrorCode.Conflict, `no signature came within ${options.signatureTimeoutMs / 1000} s; start again`));
            }, options.signatureTimeoutMs);
            session.wake?.();
          }),
      };
      work(signer).then(
        (result) => {
          session.finished = { result };
          session.wake?.();
        },
        (error: unknown) => {
          session.finished = { error: error instanceof Error ? error : new Error(String(error)) };
          session.wake?.();
        },
      );
      return nextStep(session);
    },

    answer(owner, signingId, signature) {
      const session = ownedSession(owner, signingId);
      const asked = session.asked;
      if (!asked) throw new GatewayError(ErrorCode.Conflict, `signing ${signingId} is not waiting for a signature`);
      const der = canonicalSignature(Buffer.from(signature, 'base64'));
      if (!der) throw validationError('signature', 'must be an ECDSA P-256 signature in base64: DER, or the 64 bytes r‖s WebCrypto makes');
      clearTimeout(session.timer);
      session.asked = undefined;
      session.wake = undefined;
      asked.resolve(der);
      return nextStep(session);
    },
  };
}
