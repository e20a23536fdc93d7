// Lot release with electronic signatures: the signer enters their password again, the gateway fetches the
// release record from the ledger and signs its digest with the signer's own key (name, time and meaning
// included), and the chaincode verifies every signature when the release is submitted. QA release needs
// the QA reviewer's and the QP's signatures; the QP submits it once both exist.
import type { Pool } from 'pg';
import { type ElectronicSignature, type Lot, QA_RELEASE_SIGNER_ROLE, type SignatureMeaning, signingPayload } from '@plasma/chaincode';
import { ErrorCode, GatewayError } from '../errors';
import type { PersonLedger } from '../ledger/person-ledger';
import type { ElectronicSignatures } from '../people/signatures';
import type { Actor } from '../people/actor';

export interface LotReleaseOptions {
  readonly pool: Pool;
  readonly ledger: PersonLedger;
  readonly signatures: ElectronicSignatures;
}

/** What a QA release signature came to: the lot released by QA, or the signature waiting for the other one. */
export interface QaReleaseSigning {
  readonly lotId: string;
  readonly lot: Lot | null;
  readonly waitingFor: 'qa-review' | 'qp-release' | null;
  readonly signedWaiting: readonly { meaning: SignatureMeaning; signerName: string; signedAt: string }[];
}

const decode = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

export function lotRelease({ pool, ledger, signatures }: LotReleaseOptions) {
  /** Signs the release record of `stage` as `person`, after checking their password again. */
  async function sign(
    actor: Actor,
    password: string,
    lotId: string,
    stage: 'qa' | 'regulator',
    meaning: SignatureMeaning,
  ): Promise<ElectronicSignature> {
    const { person } = actor;
    if (!(await signatures.verifyPasswordForSignature(person, password))) {
      throw new GatewayError(
        ErrorCode.Forbidden,
        'the password does not match: an electronic signature needs your own password entered again',
      );
    }
    const { digest } = decode(await ledger.evaluate(actor, 'Lot:GetReleaseRecord', [lotId, stage])) as { digest: string };
    const unsigned = {
      meaning,
      signerName: person.username,
      printedName: person.displayName,
      mspId: person.mspId,
      signedAt: new Date().toISOString(),
      recordDigest: digest,
    };
    const signed = await signatures.signRecord(actor, Buffer.from(signingPayload(unsigned), 'utf8'));
    return { ...unsigned, certificate: signed.certificate, signature: signed.signature };
  }

  async function pendingQaSignatures(lotId: string): Promise<ElectronicSignature[]> {
    const { rows } = await pool.query<{ signature: ElectronicSignature }>('SELECT signature FROM release_signatures WHERE lot_id = $1', [
      lotId,
    ]);
    return rows.map((r) => r.signature);
  }

  /** Submits the QA release as the QP with both signatures, then forgets them; answers the lot as QA released it. */
  async function submitQaRelease(actor: Actor, lotId: string): Promise<Lot> {
    const pending = await pendingQaSignatures(lotId);
    if (!pending.some((s) => s.meaning === 'qa-review') || !pending.some((s) => s.meaning === 'qp-release')) {
      throw new GatewayError(ErrorCode.Conflict, `lot ${lotId} needs both the QA reviewer's and the QP's signature before its QA release`);
    }
    const { result } = await ledger.submit(actor, 'Lot:QaRelease', [lotId, JSON.stringify(pending)]);
    await pool.query('DELETE FROM release_signatures WHERE lot_id = $1', [lotId]);
    return decode(result) as Lot;
  }

  return {
    /**
     * The QA reviewer (qa-review) or the QP (qp-release) signs the QA release dossier. When the QP signs and the
     * review is signed, the release is submitted at once; otherwise the signature waits for the other one.
     */
    async signQaRelease(actor: Actor, password: string, lotId: string, meaning: 'qa-review' | 'qp-release'): Promise<QaReleaseSigning> {
      const { person } = actor;
      // Checked here as the ledger will: a signature waits in this database for the other one, and one the
      // ledger would refuse must not wait at all.
      const role = QA_RELEASE_SIGNER_ROLE[meaning];
      if (person.role !== role) {
        throw new GatewayError(
          ErrorCode.Forbidden,
          `a ${meaning} signature is given by a person with role ${role}; ${person.username} of ${person.org} is ${person.role}`,
        );
      }
      const signature = await sign(actor, password, lotId, 'qa', meaning);
      await pool.query(
        `INSERT INTO release_signatures (lot_id, meaning, signer_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (lot_id, meaning) DO UPDATE SET signer_id = EXCLUDED.signer_id, signature = EXCLUDED.signature, signed_at = EXCLUDED.signed_at`,
        [lotId, meaning, person.id, JSON.stringify(signature), signature.signedAt],
      );
      const pending = await pendingQaSignatures(lotId);
      if (meaning === 'qp-release' && pending.some((s) => s.meaning === 'qa-review')) {
        return { lotId, lot: await submitQaRelease(actor, lotId), waitingFor: null, signedWaiting: [] };
      }
      const signedWaiting = pending.map(({ meaning: m, signerName, signedAt }) => ({ meaning: m, signerName, signedAt }));
      return { lotId, lot: null, waitingFor: meaning === 'qa-review' ? 'qp-release' : 'qa-review', signedWaiting };
    },

    /** The QP submits a QA release whose two signatures are both waiting. */
    completeQaRelease: submitQaRelease,

    /** The regulator's lot release (批签发): signed and submitted in one step. */
    async regulatorRelease(actor: Actor, password: string, lotId: string): Promise<Lot> {
      const signature = await sign(actor, password, lotId, 'regulator', 'regulator-lot-release');
      const { result } = await ledger.submit(actor, 'Lot:RegulatorRelease', [lotId, JSON.stringify(signature)]);
      return decode(result) as Lot;
    },
  };
}
