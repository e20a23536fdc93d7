// Work that a person's own device signs, one signature at a time: the work runs here, and each time it needs a
// signature it waits while its session hands the bytes to the client (the browser holding the key) and resumes
// with the signature the client sends back. So the gateway prepares, endorses, submits and waits for the commit as
// it always does, but every signature is made where the key is.
import { createHash, createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
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

export interface SigningDevice {
  readonly id: string;
  /** PEM; every signature the client sends back must verify against its key over the bytes asked. */
  readonly certificate: string;
}

export interface SigningSessions {
  /** Starts `work` with a signer that asks the client; answers the first signature wanted, or the result. */
  start(owner: SigningOwner, device: SigningDevice, work: (signer: DeviceSigner) => Promise<unknown>): Promise<SigningStep>;
  /**
   * The signature (base64, DER or WebCrypto's r‖s) of what the session asked last; answers the next step. `stillAllowed`
   * is asked first (the device not revoked since, the person not disabled): when it throws, the work is abandoned.
   */
  answer(
    owner: SigningOwner,
    signingId: string,
    signature: string,
    stillAllowed: (device: SigningDevice) => Promise<void>,
  ): Promise<SigningStep>;
  /** Abandons every session of the person (disabled), or of one device (revoked), failing their work with `why`. */
  abandon(match: { readonly personId?: string; readonly deviceId?: string }, why: string): void;
}

export interface SigningSessionOptions {
  /** How long a signature may take to come back before the work is abandoned. */
  readonly signatureTimeoutMs: number;
  /** Sessions one person may have open at once. */
  readonly maxOpenPerPerson: number;
}

interface Asked {
  readonly request: SignatureRequest;
  readonly resolve: (signature: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface Session {
  readonly id: string;
  readonly personId: string;
  /** SHA-256 of the bearer token: the sign-in that may answer, without keeping the token itself. */
  readonly tokenHash: string;
  readonly device: SigningDevice;
  readonly publicKey: KeyObject;
  asked?: Asked;
  finished?: { readonly result: unknown } | { readonly error: Error };
  /** Called when the work asks for a signature or finishes. */
  wake?: () => void;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export function signingSessions(options: Readonly<SigningSessionOptions>): SigningSessions {
  const sessions = new Map<string, Session>();

  const end = (session: Session, error: Error): void => {
    sessions.delete(session.id);
    const asked = session.asked;
    if (!asked) return;
    clearTimeout(asked.timer);
    session.asked = undefined;
    asked.reject(error);
  };

  // The work asks, or finishes: the client waiting for its next step hears of it.
  const nextStep = (session: Session): Promise<SigningStep> =>
    new Promise((resolve, reject) => {
      const settle = (): boolean => {
        if (session.finished) {
          sessions.delete(session.id);
          session.wake = undefined;
          if ('error' in session.finished) reject(session.finished.error);
          else resolve({ signingId: session.id, result: session.finished.result });
          return true;
        }
        if (session.asked) {
          session.wake = undefined;
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
    if (!session || session.personId !== owner.personId || session.tokenHash !== hashOf(owner.token)) {
      throw new GatewayError(ErrorCode.NotFound, `no signing ${signingId} of this sign-in is waiting (it may have timed out)`);
    }
    return session;
  };

  return {
    async start(owner, device, work) {
      const open = [...sessions.values()].filter((s) => s.personId === owner.personId).length;
      if (open >= options.maxOpenPerPerson) {
        throw new GatewayError(ErrorCode.RateLimited, `at most ${options.maxOpenPerPerson} signings may wait for one person at once`, {
          retryAfterSeconds: Math.ceil(options.signatureTimeoutMs / 1000),
        });
      }
      const session: Session = {
        id: randomUUID(),
        personId: owner.personId,
        tokenHash: hashOf(owner.token),
        device,
        publicKey: createPublicKey(device.certificate),
      };
      sessions.set(session.id, session);
      const signer: DeviceSigner = {
        deviceId: device.id,
        certificate: device.certificate,
        sign: (request) =>
          new Promise<Uint8Array>((resolve, reject) => {
            // One signature at a time: the client answers what was asked last.
            if (session.asked) {
              reject(new Error('a device signer was asked for a second signature before the first came back'));
              return;
            }
            // A client that never answers leaves nothing behind: the work fails, and the session with it.
            const timer = setTimeout(
              () =>
                end(
                  session,
                  new GatewayError(ErrorCode.Conflict, `no signature came within ${options.signatureTimeoutMs / 1000} s; start again`),
                ),
              options.signatureTimeoutMs,
            );
            timer.unref();
            session.asked = { request, resolve, reject, timer };
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

    async answer(owner, signingId, signature, stillAllowed) {
      const session = ownedSession(owner, signingId);
      const asked = session.asked;
      if (!asked) throw new GatewayError(ErrorCode.Conflict, `signing ${signingId} is not waiting for a signature`);
      const der = canonicalSignature(Buffer.from(signature, 'base64'));
      if (!der) throw validationError('signature', 'must be an ECDSA P-256 signature in base64: DER, or the 64 bytes r‖s WebCrypto makes');
      // Checked here, not left to the peers: a record signature is kept as given, and a wrong one would block the release.
      if (!verify('sha256', asked.request.message, { key: session.publicKey, dsaEncoding: 'der' }, der)) {
        throw validationError('signature', "does not verify against the device's certificate over the bytes asked: sign exactly those");
      }
      try {
        await stillAllowed(session.device);
      } catch (error) {
        end(session, error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      // Answered meanwhile by another request of the same sign-in: this one is late.
      if (session.asked !== asked)
        throw new GatewayError(ErrorCode.Conflict, `signing ${signingId} is not waiting for that signature any more`);
      clearTimeout(asked.timer);
      session.asked = undefined;
      asked.resolve(der);
      return nextStep(session);
    },

    abandon({ personId, deviceId }, why) {
      for (const session of [...sessions.values()]) {
        if ((personId !== undefined && session.personId === personId) || (deviceId !== undefined && session.device.id === deviceId)) {
          end(session, new GatewayError(ErrorCode.Forbidden, why));
        }
      }
    },
  };
}
