// Electronic signatures as a reader must see them: signer's name and organisation, time, and what the
// signature means, with the digest of the record it is bound to.
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { SIGNATURE_MEANINGS } from './signature-meanings';

/** What is shown of a signature, as any document selecting the chaincode's ElectronicSignature answers it. */
export interface ShownSignature {
  readonly meaning: string;
  readonly signerName: string;
  readonly mspId: string;
  readonly signedAt: string;
  readonly recordDigest: string;
}

export function Signatures({ signatures }: { readonly signatures: readonly ShownSignature[] }) {
  if (signatures.length === 0) return <p className="muted">Not signed yet.</p>;
  return (
    <ul className="signatures" data-testid="signatures">
      {signatures.map((s) => (
        <li key={`${s.meaning}/${s.signerName}/${s.signedAt}`} className="signature">
          <div className="signature-meaning">{SIGNATURE_MEANINGS[s.meaning] ?? s.meaning}</div>
          <div className="signature-signer">
            {s.signerName} <span className="muted">({s.mspId})</span>
          </div>
          <div className="muted">
            <Instant at={s.signedAt} /> · record <Hash value={s.recordDigest} keep={8} />
          </div>
        </li>
      ))}
    </ul>
  );
}
