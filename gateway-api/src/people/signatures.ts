// Electronic signatures (Part 11 §11.200, 004 §7.1.3): the signer enters their password again, then the
// record's canonical bytes are signed with their own key (in their device, or the one the gateway keeps for them), so that the chaincode can verify the signature
// against their certificate (jsrsasign, SHA256withECDSA) and bind it to the record.
import { createHash } from 'node:crypto';
import type { Actor } from './actor';
import type { AttemptLimiter } from './attempt-limiter';
import type { Identities } from './identities';
import { verifyPassword } from './passwords';
import type { PeopleRepository } from './people-repository';
import { actorName, type Person } from './person';
import type { SecurityLog } from './security-log';

export interface RecordSignature {
  /** SHA-256 of the canonical bytes, hex: what the signature covers. */
  readonly digest: string;
  /** ECDSA P-256 over that digest, DER, base64. */
  readonly signature: string;
  /** The signer's enrolment certificate (PEM), whose key made the signature. */
  readonly certificate: string;
}

export interface ElectronicSignatures {
  /** The second component of the signature: the password, entered again. Failures count like failed logins. */
  verifyPasswordForSignature(person: Person, password: string): Promise<boolean>;
  /** Signs the record's canonical bytes (RFC 8785 JSON, for example) with the actor's own key. */
  signRecord(actor: Actor, canonicalBytes: Uint8Array): Promise<RecordSignature>;
}

export interface ElectronicSignatureOptions {
  readonly people: PeopleRepository;
  readonly identities: Identities;
  readonly attempts: AttemptLimiter;
  /** Where each password entered again for a signature is recorded, accepted or refused. */
  readonly securityLog: Pick<SecurityLog, 'record'>;
}

export function electronicSignatures(options: Readonly<ElectronicSignatureOptions>): ElectronicSignatures {
  const { people, identities, attempts, securityLog } = options;
  return {
    async verifyPasswordForSignature(person, password) {
      const key = JSON.stringify(['signature', person.id]);
      attempts.assertAllowed(key);
      const found = await people.findWithPasswordHash(person.org, person.username);
      const valid = found !== undefined && !found.person.disabled && (await verifyPassword(found.passwordHash, password));
      if (valid) attempts.recordSuccess(key);
      else attempts.recordFailure(key);
      await securityLog.record({ event: valid ? 'signature-password-accepted' : 'signature-password-refused', actor: actorName(person) });
      return valid;
    },

    async signRecord(actor, canonicalBytes) {
      const signer = await identities.signerOf(actor);
      const signature = await signer.sign({ stage: 'record', message: canonicalBytes });
      return {
        digest: createHash('sha256').update(canonicalBytes).digest('hex'),
        signature: Buffer.from(signature).toString('base64'),
        certificate: signer.certificate,
      };
    },
  };
}
