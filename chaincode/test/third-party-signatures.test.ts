// Release signatures made with a certificate from a third-party e-signature authority the regulator accepts (seed 001
// Q5), the governed list of those authorities, and the printed name bound into every signature (Part 11 §11.50).
import { expect } from 'chai';
import { callers, cas, expectRefused, governedLedger, ORGANISATIONS, parsed, succeeded } from './fixtures';
import type { FakeLedger } from './fake-context';
import { ThirdPartyCa, signRecord, signRecordWithThirdParty, type TestIdentity } from './pki';
import { signLowS } from '../src/signatures/ecdsa';
import {
  acceptSignature,
  signingPayload,
  isGenuineRecordedSignature,
  recordDigest,
  type ElectronicSignature,
  type SignableRecord,
  type SignatureRequirement,
} from '../src/signatures/electronic-signature';

const NOW = '2025-04-01T12:00:00.000Z';
const SIGNED_AT = '2025-04-01T11:58:00.000Z';
const LISTED_AT = '2025-03-01T00:00:00.000Z';
const RECORD: SignableRecord = { type: 'lot-qa-release', id: 'L1', content: { lotId: 'L1', steps: 3 } };
const QP: SignatureRequirement = { meaning: 'qp-release', roles: ['qp'], mspIds: ['FactoryMSP'] };

const ADMINS: Record<string, TestIdentity> = {
  StationAMSP: callers.stationAAdmin,
  StationBMSP: callers.stationBAdmin,
  FactoryMSP: callers.factoryAdmin,
  RegulatorMSP: callers.regulatorAdmin,
};

/** A QP whose organisation's CA registered their printed name, as the gateway's CA enrolment does. */
const qpWangLi = cas.FactoryMSP.issue('qp2', 'qp', {}, { name: 'Wang Li' });

async function changeAuthorities(
  ledger: FakeLedger,
  signatureAuthorities: unknown[],
  approvers: string[],
  at = LISTED_AT,
): Promise<ReturnType<FakeLedger['invoke']>> {
  const change = { organisations: ORGANISATIONS, signatureAuthorities, reason: 'e-signature authorities the regulator accepts' };
  const { digest } = parsed(
    await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(change)], at),
  );
  const approvals = approvers.map((mspId) => signRecord(ADMINS[mspId]!, digest, 'registry-change', at));
  return ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(approvals)], at);
}

async function accept(ledger: FakeLedger, signature: unknown, requirement = QP, at = NOW): Promise<string | undefined> {
  const transaction = ledger.transaction(callers.qp, 'Lot:QaRelease', [], at);
  try {
    await acceptSignature(transaction.ctx, signature, 'signature', RECORD, requirement);
    for (const [key, value] of transaction.writes) ledger.state.set(key, value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function genuine(ledger: FakeLedger, signature: ElectronicSignature): Promise<boolean> {
  const { ctx } = ledger.transaction(callers.inspector, 'Lot:GetLot', [], NOW);
  return isGenuineRecordedSignature(ctx, signature, RECORD, QP);
}

describe('third-party e-signature certificates', () => {
  const authority = new ThirdPartyCa();
  const listing = [{ name: 'Stand-in Certification Service', certificate: authority.certificate }];
  const wangLisCertificate = authority.issue('Wang Li');
  const signed = (who = qpWangLi, certificate = wangLisCertificate): ElectronicSignature =>
    signRecordWithThirdParty(who, certificate, recordDigest(RECORD), 'qp-release', SIGNED_AT);

  it('sign a QP release once the regulator and a majority list their authority, and not before', async () => {
    const ledger = await governedLedger();
    expect(await accept(ledger, signed())).to.equal(
      'FORBIDDEN: the certificate of qp2 was not issued by an e-signature authority the consortium lists; ' +
        'the regulator and a majority of the members list one with Consortium:ChangeRegistry',
    );
    const registry = JSON.parse(succeeded(await changeAuthorities(ledger, listing, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP'])));
    expect(registry.signatureAuthorities).to.deep.equal(listing);
    expect(await accept(ledger, signed())).to.equal(undefined);
  });

  it("are listed only with a regulator's approval, however many members approve; nor can a majority make itself a regulator", async () => {
    const ledger = await governedLedger();
    expectRefused(
      await changeAuthorities(ledger, listing, ['FactoryMSP', 'StationAMSP', 'StationBMSP']),
      'FORBIDDEN: the change alters the e-signature authorities the regulator accepts; an admin of RegulatorMSP must approve it',
    );
    const stationAsRegulator = ORGANISATIONS.map((o) => (o.mspId === 'StationAMSP' ? { ...o, kind: 'regulator' } : o));
    const change = { organisations: stationAsRegulator, reason: 'StationA is a regulator now' };
    const { digest } = parsed(
      await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(change)], LISTED_AT),
    );
    const approvals = ['FactoryMSP', 'StationAMSP', 'StationBMSP'].map((mspId) =>
      signRecord(ADMINS[mspId]!, digest, 'registry-change', LISTED_AT),
    );
    expectRefused(
      await ledger.invoke(
        callers.factoryAdmin,
        'Consortium:ChangeRegistry',
        [JSON.stringify(change), JSON.stringify(approvals)],
        LISTED_AT,
      ),
      'FORBIDDEN: the change makes or unmakes a regulator; an admin of RegulatorMSP must approve it',
    );
    // The same certificate in other line endings is the same authority.
    const twice = [listing[0]!, { name: 'Again', certificate: authority.certificate.replace(/\n/g, '\r\n') }];
    const twiceChange = { organisations: ORGANISATIONS, signatureAuthorities: twice, reason: 'r' };
    const twiceOutcome = await ledger.invoke(
      callers.regulatorAdmin,
      'Consortium:GetRegistryChangeRecord',
      [JSON.stringify(twiceChange)],
      LISTED_AT,
    );
    expect(twiceOutcome.error?.message).to.equal(
      'VALIDATION: change.signatureAuthorities[1].certificate: lists a certificate authority already listed',
    );
    const notCa = {
      organisations: ORGANISATIONS,
      signatureAuthorities: [{ name: 'Not a CA', certificate: authority.issue('Wang Li').certificate }],
      reason: 'r',
    };
    const outcome = await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(notCa)], LISTED_AT);
    expect(outcome.error?.message).to.equal(
      'VALIDATION: change.signatureAuthorities[0].certificate: must be a CA certificate (basic constraints CA:TRUE)',
    );
  });

  it('must name the person their organisation registered for the role, and be made for content commitment', async () => {
    const ledger = await governedLedger();
    succeeded(await changeAuthorities(ledger, listing, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP']));
    // Someone else's certificate from the same authority, presented with Wang Li's role certificate.
    expect(await accept(ledger, signed(qpWangLi, authority.issue('Zhang Wei')))).to.equal(
      'FORBIDDEN: the certificate from Stand-in Certification Service names Zhang Wei, not Wang Li, whom FactoryMSP registered as qp2',
    );
    // A role certificate without a registered name cannot be matched to any third-party certificate.
    expect(await accept(ledger, signed(callers.qp))).to.match(
      /^VALIDATION: signature\.roleCertificate: must carry the name FactoryMSP's CA registered for qp1/,
    );
    expect(await accept(ledger, signed(qpWangLi, authority.issue('Wang Li', ['digitalSignature'])))).to.match(
      /^VALIDATION: signature\.certificate: must be a signer's certificate \(not a CA\) whose key usage allows content commitment/,
    );
    // A card in the QP's name with a copy of the QP's certificate (every recorded signature carries it) is not the QP:
    // the role certificate's own key must sign too.
    const copied = signed();
    const qa = cas.FactoryMSP.issue('qa8', 'factory-qa', {}, { name: 'Li Na' });
    const byAnother = { ...copied, roleSignature: signRecord(qa, recordDigest(RECORD), 'qp-release', SIGNED_AT).signature };
    expect(await accept(ledger, byAnother)).to.match(/^VALIDATION: signature\.roleSignature: does not verify against qp2's certificate/);
    // The QP's own signature goes with this card's: another card in the same name does not take it over.
    const otherCard = authority.issue('Wang Li');
    const swapped = {
      ...copied,
      certificate: otherCard.certificate,
      signature: signLowS(Buffer.from(signingPayload(copied)), otherCard.privateKey).toString('base64'),
    };
    expect(await accept(ledger, swapped)).to.match(/^VALIDATION: signature\.roleSignature: does not verify/);
    const { roleSignature: _dropped, ...withoutRoleSignature } = copied;
    expect(await accept(ledger, withoutRoleSignature)).to.match(
      /^VALIDATION: signature\.roleSignature: is required with a third-party certificate/,
    );
    // The QA reviewer's role certificate does not make Wang Li's third-party certificate a QP's.
    const qaWangLi = cas.FactoryMSP.issue('qa7', 'factory-qa', {}, { name: 'Wang Li' });
    expect(await accept(ledger, signed(qaWangLi))).to.equal(
      'FORBIDDEN: a qp-release signature needs a signer with role qp; qa7 has factory-qa',
    );
  });

  it('are for release signatures only; other meanings use the organisation CA', async () => {
    const ledger = await governedLedger();
    succeeded(await changeAuthorities(ledger, listing, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP']));
    const destruction = signRecordWithThirdParty(qpWangLi, wangLisCertificate, recordDigest(RECORD), 'destruction', SIGNED_AT);
    expect(await accept(ledger, destruction, { meaning: 'destruction', roles: ['qp'], mspIds: ['FactoryMSP'] })).to.match(
      /^VALIDATION: signature\.roleCertificate: is for release signatures made with a third-party certificate/,
    );
  });

  it('withdrawn from the list, sign nothing new, while the signatures they made stay genuine', async () => {
    const ledger = await governedLedger();
    succeeded(await changeAuthorities(ledger, listing, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP']));
    const first = signed();
    expect(await accept(ledger, first)).to.equal(undefined);
    const registry = JSON.parse(succeeded(await changeAuthorities(ledger, [], ['RegulatorMSP', 'FactoryMSP', 'StationBMSP'], SIGNED_AT)));
    expect(registry.signatureAuthorities).to.equal(undefined);
    expect(registry.formerSignatureAuthorities).to.deep.equal(listing);
    expect(await genuine(ledger, first)).to.equal(true);
    const second = signRecordWithThirdParty(qpWangLi, wangLisCertificate, recordDigest(RECORD), 'qp-release', '2025-04-01T11:59:00.000Z');
    expect(await accept(ledger, second)).to.match(/^FORBIDDEN: the certificate of qp2 was not issued by an e-signature authority/);
    expectRefused(
      await changeAuthorities(ledger, listing, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP'], NOW),
      'VALIDATION: change.signatureAuthorities[0].certificate: Stand-in Certification Service was withdrawn from the list',
    );
  });
});

describe('printed names', () => {
  it("are the name the signer's CA registered, and are signed: changing one afterwards breaks the signature", async () => {
    const ledger = await governedLedger();
    const signature = signRecord(qpWangLi, recordDigest(RECORD), 'qp-release', SIGNED_AT);
    expect(await accept(ledger, { ...signature, printedName: 'Li Wang' })).to.equal(
      "VALIDATION: signature.printedName: must be the name FactoryMSP's CA registered for qp2 (Wang Li)",
    );
    // Without a registered name, the printed name is the common name: no signer prints another's name or a title.
    const unregistered = signRecord({ ...callers.qp, printedName: 'Dr. Somebody, QP' }, recordDigest(RECORD), 'qp-release', SIGNED_AT);
    expect(await accept(ledger, unregistered)).to.equal(
      "VALIDATION: signature.printedName: must be the name FactoryMSP's CA registered for qp1 (qp1)",
    );
    // Signed: changing it afterwards breaks the signature.
    const other = cas.FactoryMSP.issue('qp3', 'qp', {}, { name: 'Li Wang' });
    const changed = {
      ...signRecord(qpWangLi, recordDigest(RECORD), 'qp-release', SIGNED_AT),
      signerName: 'qp3',
      certificate: other.certificate,
      printedName: 'Li Wang',
    };
    expect(await accept(ledger, changed)).to.match(/^VALIDATION: signature\.signature: does not verify/);
    expect(await accept(ledger, signature)).to.equal(undefined);
  });
});
