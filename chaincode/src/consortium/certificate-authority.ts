// The CA each organisation registers: electronic signatures are accepted only from certificates it issued.
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { readState } from '../ledger/state';
import { parseCertificate, PEM_RULE, type Certificate } from '../signatures/certificate';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, readObject, text } from '../validation';
import { MSP_ID_RULE } from './organisation';

export interface CertificateAuthority {
  readonly mspId: string;
  /** The CA certificate, PEM. */
  readonly certificate: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly lastChange: ChangeStamp;
}

const FIELDS = ['mspId', 'certificate', 'subject', 'notAfter', 'lastChange'];

export function newCertificateAuthority(value: unknown): CertificateAuthority {
  const fields = readObject(value, 'certificateAuthority', FIELDS);
  const authority: CertificateAuthority = {
    mspId: fields.required('mspId', MSP_ID_RULE),
    certificate: fields.required('certificate', PEM_RULE),
    subject: fields.required('subject', text(1024)),
    notAfter: fields.required('notAfter', ISO_INSTANT_RULE),
    lastChange: newChangeStamp(fields.required('lastChange', ANY_RULE), fields.path('lastChange')),
  };
  const certificate = parseCertificate(authority.certificate, fields.path('certificate'));
  if (!certificate.isCa) {
    throw new ValidationError(fields.path('certificate'), 'must be a CA certificate (basic constraints CA:TRUE)');
  }
  if (certificate.subject !== authority.subject) {
    throw new ValidationError(fields.path('subject'), 'must be the subject of the certificate');
  }
  return authority;
}

export const certificateAuthorityKey = (ctx: Context, mspId: string): string =>
  ctx.stub.createCompositeKey('certificate-authority', [mspId]);

export async function findCertificateAuthority(ctx: Context, mspId: string): Promise<CertificateAuthority | undefined> {
  const state = await readState(ctx, certificateAuthorityKey(ctx, mspId));
  return state === undefined ? undefined : newCertificateAuthority(state);
}

/** The registered CA certificate of `mspId`, parsed; undefined when the organisation has registered none. */
export async function findCaCertificate(ctx: Context, mspId: string): Promise<Certificate | undefined> {
  const authority = await findCertificateAuthority(ctx, mspId);
  return authority === undefined ? undefined : parseCertificate(authority.certificate, 'certificateAuthority.certificate');
}
