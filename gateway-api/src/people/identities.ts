// A person's own Fabric identity, with their key opened from its sealed form; and the signer of an actor, whichever
// holds their key.
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { signLowS } from '@plasma/chaincode';
import { ErrorCode, GatewayError } from '../errors';
import type { PersonIdentity } from '@plasma/platform';
import type { Actor, SignatureRequest } from './actor';
import type { KeyVault } from './key-vault';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';

/** Who acts on the ledger: the person's certificate and key, and the organisation whose peer they use. */
export interface ActingIdentity extends PersonIdentity {
  readonly privateKey: KeyObject;
  readonly org: string;
  readonly username: string;
}

/** Signs as an actor: their certificate, and a key that signs on request, wherever it is. */
export interface ActorSigner {
  readonly mspId: string;
  /** PEM: the device's certificate, or the one the gateway keeps the key of. */
  readonly certificate: string;
  /** Where the key is: the person's own device, or sealed at the gateway. */
  readonly keyHolder: 'device' | 'gateway';
  /** ECDSA P-256 over the message's SHA-256, canonical DER with a low S. */
  sign(request: SignatureRequest): Promise<Uint8Array>;
}

export interface Identities {
  identityOf(person: Person): Promise<ActingIdentity>;
  signerOf(actor: Actor): Promise<ActorSigner>;
}

// Opening a sealed key and parsing it cost more CPU than the rest of a transaction; the parsed key of a person
// who acts is kept in memory (never on disk) for a while, under the sealed bytes it came from, so a new key is
// never confused with an old one.
const KEY_CACHE_MS = 10 * 60_000;
const MAX_CACHED_KEYS = 1000;

export function identities(people: PeopleRepository, vault: KeyVault): Identities {
  const opened = new Map<string, { key: KeyObject; until: number }>();
  const keyOf = (sealed: Buffer, person: Person): KeyObject => {
    const now = Date.now();
    // Entries expire in the order they were opened: forget the expired ones first, so no key outlives its time.
    for (const [id, entry] of opened) {
      if (entry.until > now && opened.size < MAX_CACHED_KEYS) break;
      opened.delete(id);
    }
    const id = `${person.id}:${createHash('sha256').update(sealed).digest('hex')}`;
    const cached = opened.get(id);
    if (cached) return cached.key;
    const key = createPrivateKey(Buffer.from(vault.open(sealed, person)));
    opened.set(id, { key, until: now + KEY_CACHE_MS });
    return key;
  };
  const identityOf = async (person: Person): Promise<ActingIdentity> => ({
    org: person.org,
    username: person.username,
    mspId: person.mspId,
    certificate: Buffer.from(person.certificate),
    privateKey: keyOf(await people.sealedKey(person.id), person),
  });
  return {
    identityOf,
    async signerOf({ person, device }) {
      if (device)
        return { mspId: person.mspId, certificate: device.certificate, keyHolder: 'device', sign: (request) => device.sign(request) };
      // A person's own key is in their device: the gateway's copy signs no transaction and no electronic signature for
      // someone who has enrolled one (even if it was revoked since), unless their admin made them a kiosk account, so
      // a password alone (phished, shared) does not act through the gateway's key for them. It still signs their
      // reads (a proposal that is only evaluated writes nothing).
      const holdsOwnKey = await people.holdsOwnKey(person);
      const { privateKey } = await identityOf(person);
      return {
        mspId: person.mspId,
        certificate: person.certificate,
        keyHolder: 'gateway',
        sign: ({ stage, message }) => {
          if (holdsOwnKey && (stage === 'transaction' || stage === 'record')) {
            return Promise.reject(
              new GatewayError(
                ErrorCode.Forbidden,
                `${person.username} holds a key in a device of their own: sign with it (prepareTransaction); the gateway ` +
                  'signs for a person who holds a device only when their admin makes them a kiosk account',
              ),
            );
          }
          return Promise.resolve(signLowS(message, privateKey));
        },
      };
    },
  };
}
