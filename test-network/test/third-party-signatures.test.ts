// Release signatures made with certificates of a third-party e-signature authority (seed 001 Q5), on the network and
// through the gateway: a stand-in certification service (its own root, not a Fabric CA) issues Wang Li (the factory's
// QP) and Zhao Min (the regulator's) certificates in the names their organisations' CAs registered for them through
// the gateway; each signs the payload the gateway answers with that certificate's key, as a smart card would; the
// members list the authority with the regulator's approval; the lot is released with those signatures and ships after
// the authority is withdrawn.
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { signingPayload, signLowS, type SignatureMeaning } from '@plasma/chaincode';
import { gtinOf, ssccOf } from '@plasma/demo';
import { loadTopology, type Organisation } from '@plasma/network';
import { eventually, ledgerPeople, lotReadyForQaRelease, newDin, refusal, testedPoolOnLedger } from '@plasma/testkit';
import { testGateway, type TestGateway } from '@plasma/testkit/gateway';
import { changeRegistry, readRegistry } from '../src/consortium';

x509.cryptoProvider.set(webcrypto as Crypto);
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;

interface SignerCertificate {
  readonly certificate: string;
  readonly key: KeyObject;
}

/** A stand-in third-party certification service: its own self-signed root issuing signers' certificates. */
async function standInAuthority(name: string): Promise<{ certificate: string; issue: (fullName: string) => Promise<SignerCertificate> }> {
  const keys = await webcrypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const validity = { notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 365 * DAY_MS) };
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `CN=${name}, O=Stand-in Certification Service, C=CN`,
    ...validity,
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return {
    certificate: root.toString('pem'),
    async issue(fullName) {
      const signer = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: randomBytes(8).toString('hex'),
        subject: `CN=${fullName}, C=CN`,
        issuer: root.subject,
        ...validity,
        publicKey: signer.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: EC,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        ],
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', signer.privateKey));
      return { certificate: certificate.toString('pem'), key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
    },
  };
}

/** The Fabric CA attributes of a certificate (JSON in extension 1.2.3.4.5.6.7.8.1). */
function attributesOf(pem: string): Record<string, string> {
  const extension = new x509.X509Certificate(pem).getExtension('1.2.3.4.5.6.7.8.1');
  return extension ? (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs: Record<string, string> }).attrs : {};
}

describe('release signatures with a third-party e-signature certificate', function () {
  this.timeout(600_000);
  const topology = loadTopology();
  const people = ledgerPeople(topology);
  const { submit, query } = people;
  const run = randomBytes(3).toString('hex');
  const GTIN = gtinOf('0691234567890');
  const poolDin = newDin('G2001');
  const lotId = `TPS-${run.toUpperCase()}`;
  const caseCode = ssccOf(`0691234${String((Date.now() * 10 + 7) % 1e10).padStart(10, '0')}`);
  const qp = { org: 'Factory', mspId: 'FactoryMSP', username: `wangli-${run}`, printedName: `Wang Li ${run}`, role: 'qp' };
  const regulator = {
    org: 'Regulator',
    mspId: 'RegulatorMSP',
    username: `zhaomin-${run}`,
    printedName: `Zhao Min ${run}`,
    role: 'regulator',
  };
  const roleCertificates = new Map<string, string>();
  const tokens = new Map<string, string>();
  let t: TestGateway;
  let authority: Awaited<ReturnType<typeof standInAuthority>>;
  let listing: { name: string; certificate: string }[];

  /** Members to approve a registry change: the regulator (when asked) and others until they are more than half. */
  async function approvers(withRegulator: boolean): Promise<Organisation[]> {
    const members = (await readRegistry(topology, topology.organisations[0]!)).organisations.map(({ mspId }) => mspId);
    const candidates = topology.organisations
      .filter(({ mspId }) => members.includes(mspId))
      .filter(({ kind }) => withRegulator || kind !== 'regulator')
      .sort((a, b) => Number(b.kind === 'regulator') - Number(a.kind === 'regulator'));
    const needed = Math.floor(members.length / 2) + 1;
    if (candidates.length < needed) throw new Error(`this topology has too few members to approve without a regulator`);
    return candidates.slice(0, needed);
  }

  const setAuthorities = async (authorities: { name: string; certificate: string }[], withRegulator = true): Promise<void> =>
    changeRegistry(
      topology,
      await approvers(withRegulator),
      (current) => current,
      'e-signature authorities the regulator accepts',
      authorities,
    );

  const PAYLOAD = `query ($lotId: String!, $signature: ReleaseSignature!) {
    releaseSigningPayload(lotId: $lotId, signature: $signature) { signedAt printedName roleCertificate payload }
  }`;

  /** `signer` signs, through the gateway, the payload of `lotId`'s release with the key of their third-party certificate. */
  async function signedThroughGateway(signer: typeof qp, certificate: SignerCertificate, meaning: 'QP_RELEASE' | 'REGULATOR_LOT_RELEASE') {
    const token = tokens.get(signer.username)!;
    const asked = await t.graphql(PAYLOAD, { lotId, signature: meaning }, token);
    expect(asked.errors, JSON.stringify(asked.errors)).to.equal(undefined);
    const { signedAt, printedName, roleCertificate, payload } = asked.data.releaseSigningPayload;
    expect({ printedName, roleCertificate }).to.deep.equal({
      printedName: signer.printedName,
      roleCertificate: roleCertificates.get(signer.username),
    });
    const signature = signLowS(Buffer.from(payload as string, 'base64'), certificate.key).toString('base64');
    return { signedAt, certificate: certificate.certificate, signature };
  }

  const SIGN_QP = `mutation ($lotId: String!, $signed: CertificateSignatureInput!) {
    signLotQaReleaseWithCertificate(lotId: $lotId, signature: QP_RELEASE, signed: $signed) { waitingFor lot { status qaRelease { signatures { meaning signerName printedName certificate roleCertificate } } } }
  }`;
  const RELEASE_BY_REGULATOR = `mutation ($lotId: String!, $signed: CertificateSignatureInput!) {
    releaseLotByRegulatorWithCertificate(lotId: $lotId, signed: $signed) { status }
  }`;

  /** `signer`'s signature (meaning) over the record with `digest`, made with their third-party certificate, straight to the ledger. */
  function thirdPartySignature(signer: typeof qp, certificate: SignerCertificate, digest: string, meaning: SignatureMeaning) {
    const unsigned = {
      meaning,
      signerName: signer.username,
      printedName: signer.printedName,
      mspId: signer.mspId,
      signedAt: new Date(Date.now() - 2000).toISOString(),
      recordDigest: digest,
      roleCertificate: roleCertificates.get(signer.username)!,
    };
    const signature = signLowS(Buffer.from(signingPayload(unsigned), 'utf8'), certificate.key).toString('base64');
    return { ...unsigned, certificate: certificate.certificate, signature };
  }

  before(async function () {
    t = await testGateway();
    for (const person of [qp, regulator]) {
      const admin = await t.login(person.org, 'admin');
      const created = await t.graphql(
        'mutation ($input: NewPersonInput!) { createPerson(input: $input) { certificate } }',
        {
          input: {
            org: person.org,
            username: person.username,
            displayName: person.printedName,
            role: person.role,
            password: `a first password ${run}`,
          },
        },
        admin,
      );
      expect(created.errors, JSON.stringify(created.errors)).to.equal(undefined);
      roleCertificates.set(person.username, created.data.createPerson.certificate as string);
      const first = await t.login(person.org, person.username, `a first password ${run}`);
      const changed = await t.graphql(
        'mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }',
        { old: `a first password ${run}`, new: `their own password ${run}` },
        first,
      );
      expect(changed.errors, JSON.stringify(changed.errors)).to.equal(undefined);
      tokens.set(person.username, await t.login(person.org, person.username, `their own password ${run}`));
    }
    authority = await standInAuthority(`Stand-in E-Signature CA ${run}`);
    listing = [{ name: `Stand-in Certification Service ${run}`, certificate: authority.certificate }];

    await testedPoolOnLedger(people, `G1001-SHP-${run}`, poolDin);
    await lotReadyForQaRelease(people, lotId, poolDin, GTIN);
  });

  after(async () => {
    people.close();
    await t.close();
  });

  it("gives each new person's certificate the printed name their admin registered, with their role", () => {
    expect(attributesOf(roleCertificates.get(qp.username)!)).to.include({ role: 'qp', name: qp.printedName });
    expect(attributesOf(roleCertificates.get(regulator.username)!)).to.include({ role: 'regulator', name: regulator.printedName });
  });

  it("takes the QP's third-party signature once the regulator and a majority list its authority, and not before", async () => {
    const qaReviewer = await t.login('Factory', 'qa1');
    const review = await t.graphql(
      'mutation ($lotId: String!, $password: String!) { signLotQaRelease(lotId: $lotId, signature: QA_REVIEW, password: $password) { waitingFor } }',
      { lotId, password: t.password('Factory', 'qa1') },
      qaReviewer,
    );
    expect(review.data?.signLotQaRelease, JSON.stringify(review.errors)).to.deep.equal({ waitingFor: 'qp-release' });
    const wangLisCertificate = await authority.issue(qp.printedName);

    const unlisted = await t.graphql(
      SIGN_QP,
      { lotId, signed: await signedThroughGateway(qp, wangLisCertificate, 'QP_RELEASE') },
      tokens.get(qp.username),
    );
    expect(unlisted.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    expect(unlisted.errors?.[0]?.message).to.include(
      `the certificate of ${qp.username} was not issued by an e-signature authority the consortium lists`,
    );
    expect(await refusal(() => setAuthorities(listing, false))).to.match(
      /FORBIDDEN: the change alters the e-signature authorities the regulator accepts; an admin of RegulatorMSP must approve it/,
    );
    await setAuthorities(listing);

    const released = await eventually(async () => {
      const answer = await t.graphql(
        SIGN_QP,
        { lotId, signed: await signedThroughGateway(qp, wangLisCertificate, 'QP_RELEASE') },
        tokens.get(qp.username),
      );
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      return answer.data.signLotQaReleaseWithCertificate;
    });
    expect(released.lot.status).to.equal('qa-released');
    const qpSignature = released.lot.qaRelease.signatures.find((s: { meaning: string }) => s.meaning === 'qp-release');
    expect(qpSignature).to.deep.equal({
      meaning: 'qp-release',
      signerName: qp.username,
      printedName: qp.printedName,
      certificate: wangLisCertificate.certificate,
      roleCertificate: roleCertificates.get(qp.username),
    });
  });

  it('refuses a certificate of the listed authority in another name than the one the organisation registered', async () => {
    const somebodyElse = await authority.issue(`Somebody Else ${run}`);
    const atGateway = await t.graphql(
      RELEASE_BY_REGULATOR,
      { lotId, signed: await signedThroughGateway(regulator, somebodyElse, 'REGULATOR_LOT_RELEASE') },
      tokens.get(regulator.username),
    );
    expect(atGateway.errors?.[0]?.extensions?.code).to.equal('VALIDATION');
    expect(atGateway.errors?.[0]?.message).to.include(`names Somebody Else ${run}; it must name you as your organisation registered you`);
    // Past the gateway, straight to the peers, the chaincode refuses it as well.
    const { digest } = await query('Regulator', 'regulator1', 'Lot', 'GetReleaseRecord', lotId, 'regulator');
    const impostor = thirdPartySignature(regulator, somebodyElse, digest, 'regulator-lot-release');
    expect(await refusal(() => submit('Regulator', 'regulator1', 'Lot', 'RegulatorRelease', lotId, impostor))).to.match(
      new RegExp(
        `^FORBIDDEN: the certificate from Stand-in Certification Service ${run} names Somebody Else ${run}, not ${regulator.printedName}`,
      ),
    );
  });

  it("keeps the regulator's third-party release valid after its authority is withdrawn: the lot's vials still ship", async () => {
    const units = [1, 2].map((n) => `(01)${GTIN}(21)T${run}${n}`);
    await submit('Factory', 'warehouse1', 'Units', 'CommissionUnits', lotId, units);
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', lotId, { caseCode, units });
    const released = await t.graphql(
      RELEASE_BY_REGULATOR,
      { lotId, signed: await signedThroughGateway(regulator, await authority.issue(regulator.printedName), 'REGULATOR_LOT_RELEASE') },
      tokens.get(regulator.username),
    );
    expect(released.data?.releaseLotByRegulatorWithCertificate, JSON.stringify(released.errors)).to.deep.equal({ status: 'released' });

    await setAuthorities([]);
    const shipped = await eventually(() =>
      submit('Factory', 'warehouse1', 'Units', 'ShipCases', {
        shipmentId: `OUT-TPS-${run}`,
        destination: 'Hospital pharmacy',
        cases: [caseCode],
      }),
    );
    expect(shipped).to.include({ units: 2 });
    const registry = await query('Regulator', 'regulator1', 'Consortium', 'GetRegistry');
    expect(registry.signatureAuthorities).to.equal(undefined);
    expect(registry.formerSignatureAuthorities).to.deep.include(listing[0]);
  });
});
