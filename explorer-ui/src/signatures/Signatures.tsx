// Electronic signatures as a reader must see them (Part 11 §11.50): the signer's printed name, account and
// organisation, time, and what the signature means, with the digest of the record it is bound to and whose
// certificate made it.
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { meaningText } from './signature-meanings';

/** What is shown of a signature, as any document selecting the chaincode's ElectronicSignature answers it. */
export interface ShownSignature {
  readonly meaning: string;
  readonly signerName: string;
  readonly printedName?: string | null;
  readonly mspId: string;
  /** Present when a third-party e-signature certificate made the signature. */
  readonly roleCertificate?: string | null;
  readonly signedAt: string;
  readonly recordDigest: string;
}

export function Signatures({ signatures }: { readonly signatures: readonly ShownSignature[] }) {
  if (signatures.length === 0) return <p className="muted">Not signed yet.</p>;
  return (
    <ul className="signatures" data-testid="signatures">
      {signatures.map((s) => (
        <li key={`${s.meaning}/${s.signerName}/${s.signedAt}`} className="signature">
          <div className="signature-meaning">{meaningText(s.meaning)}</div>
          <div className="signature-signer">
            {s.printedName ?? s.signerName}{' '}
            <span className="muted">
              ({s.signerName}, {s.mspId})
            </span>
          </div>
          <div className="muted">
            {s.roleCertificate ? 'signed with a third-party e-signature certificate' : `signed with a certificate of ${s.mspId}'s CA`}
          </div>
          <div className="muted">
            <Instant at={s.signedAt} /> · record <Hash value={s.recordDigest} keep={8} />
          </div>
        </li>
      ))}
    </ul>
  );
}
