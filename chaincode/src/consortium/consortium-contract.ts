// The Consortium contract: registers the member organisations once, and answers who is who.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent, EventName } from '../ledger/events';
import { writeState } from '../ledger/state';
import { issuedBy, parseCertificate } from '../signatures/certificate';
import { certificateAuthorityKey, findCertificateAuthority, newCertificateAuthority } from './certificate-authority';
import { readOrganisations } from './organisation';
import { findOrganisation, isConsortiumInitialised, listOrganisations, registerConsortium } from './registry';

@Info({ title: 'Consortium', description: 'Member organisations (stations, factories, regulators), their facilities and CAs' })
export class ConsortiumContract extends AuthorisedContract {
  constructor() {
    super('Consortium');
  }

  /**
   * Registers the organisations from a JSON array of `{ mspId, name, kind, facilities?, jurisdiction? }`.
   * The launcher runs it once, right after deploy; later changes go through governed rule changes, not this call.
   */
  @Transaction()
  @Returns('string')
  async InitConsortium(ctx: Context, organisationsJson: string): Promise<string> {
    if (await isConsortiumInitialised(ctx)) {
      throw new ConflictError('the consortium is already initialised; later changes go through governed rule changes');
    }
    const organisations = readOrganisations(organisationsJson);
    await registerConsortium(ctx, organisations);
    emitEvent(ctx, EventName.ConsortiumInitialised, 'consortium', { organisations }, [{ type: 'consortium', id: 'consortium' }]);
    return toCanonicalJson(organisations);
  }

  /**
   * Registers the caller's organisation's CA certificate (PEM), against which electronic signatures of its
   * people are checked. The caller's own certificate must have been issued by it: Fabric has already tied
   * the caller to the organisation, so this ties the CA to it too. Once per organisation.
   */
  @Transaction()
  @Returns('string')
  async RegisterCertificateAuthority(ctx: Context, certificatePem: string): Promise<string> {
    const mspId = callerMspId(ctx);
    if ((await findCertificateAuthority(ctx, mspId)) !== undefined) {
      throw new ConflictError(`${mspId} has already registered its certificate authority`);
    }
    const ca = parseCertificate(certificatePem, 'certificate');
    if (!ca.isCa) {
      throw new ValidationError('certificate', 'must be a CA certificate (basic constraints CA:TRUE)');
    }
    const caller = parseCertificate(Buffer.from(ctx.clientIdentity.getIDBytes()).toString('utf8'), 'caller certificate');
    if (!issuedBy(caller, ca)) {
      throw new ForbiddenError(`the caller's certificate was not issued by this CA; ${mspId} may register only the CA that issues its identities`);
    }
    const authority = newCertificateAuthority({
      mspId, certificate: ca.pem, subject: ca.subject, notAfter: ca.notAfter, lastChange: changeStamp(ctx),
    });
    await writeState(ctx, certificateAuthorityKey(ctx, mspId), authority);
    emitEvent(ctx, EventName.CertificateAuthorityRegistered, mspId, authority, [{ type: 'certificate-authority', id: mspId }]);
    return toCanonicalJson(authority);
  }

  @Transaction(false)
  @Returns('string')
  async GetOrganisation(ctx: Context, mspId: string): Promise<string> {
    const organisation = await findOrganisation(ctx, mspId);
    if (organisation === undefined) {
      throw new NotFoundError(`organisation ${mspId} is not registered in the consortium`);
    }
    return toCanonicalJson(organisation);
  }

  /** Every organisation, ordered by MSP ID. */
  @Transaction(false)
  @Returns('string')
  async ListOrganisations(ctx: Context): Promise<string> {
    return toCanonicalJson(await listOrganisations(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async GetCertificateAuthority(ctx: Context, mspId: string): Promise<string> {
    const authority = await findCertificateAuthority(ctx, mspId);
    if (authority === undefined) {
      throw new NotFoundError(`${mspId} has registered no certificate authority`);
    }
    return toCanonicalJson(authority);
  }
}
