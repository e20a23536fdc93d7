// Electronic-signature authorities the regulator accepts (seed 001 Q5): third-party certification services whose
// certificates a QA reviewer, a QP or a regulator may sign a release with instead of their organisation's CA. The
// list is part of the governed consortium registry; changing it needs a regulator's and a majority's approval
// (consortium-contract.ts).
import { ValidationError } from '../errors';
import { readList, readObject, text, OBJECT_RULE } from '../validation';
import { caCertificatePem, derHexOf, PEM_RULE } from './certificate';

export interface SignatureAuthority {
  /** The certification service as the regulator names it, shown with every signature it vouches for. */
  readonly name: string;
  /** Its CA certificate (PEM) that issues signers' certificates: a root or an issuing CA. */
  readonly certificate: string;
}

export const SIGNATURE_AUTHORITY_FIELDS = ['name', 'certificate'];
/** Listed at once; those withdrawn over the years are kept, so their bound is larger. */
export const MAX_LISTED_AUTHORITIES = 20;
export const MAX_FORMER_AUTHORITIES = 100;

/**
 * `checkedAsCa`: the certificate parsed and checked to be a CA's, as a change lists it; a withdrawn one, read back from
 * the registry on every transaction, was checked when it was listed and is only read as PEM.
 */
export function newSignatureAuthority(value: unknown, name: string, checkedAsCa = true): SignatureAuthority {
  const fields = readObject(value, name, SIGNATURE_AUTHORITY_FIELDS);
  const pem = fields.required('certificate', PEM_RULE);
  return { name: fields.required('name', text(128)), certificate: checkedAsCa ? caCertificatePem(pem, fields.path('certificate')) : pem };
}

/** A list of at most `max` authorities, each certificate once; errors name `name[index]`. */
export function readSignatureAuthorities(
  value: unknown,
  name: string,
  max = MAX_LISTED_AUTHORITIES,
  checkedAsCa = true,
): SignatureAuthority[] {
  const authorities = readList(value, name, OBJECT_RULE, { max }).map((entry, index) =>
    newSignatureAuthority(entry, `${name}[${index}]`, checkedAsCa),
  );
  const seen = new Set<string>();
  authorities.forEach(({ certificate }, index) => {
    const der = derHexOf(certificate);
    if (seen.has(der)) throw new ValidationError(`${name}[${index}].certificate`, 'lists a certificate authority already listed');
    seen.add(der);
  });
  return authorities;
}
