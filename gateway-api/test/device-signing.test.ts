// Keys under the signer's sole control (issue 13), against the real network and CA: a person's key made by WebCrypto
// as non-extractable (Node's, running the explorer's own code), enrolled through the gateway from a certificate
// request, and every step of a transaction signed with it; the ledger records the device's certificate as the
// transaction's creator. And what a dishonest client might try: someone else's request, another person's signing,
// a signature of other bytes, a revoked device.
import { randomBytes, X509Certificate, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { loadTopology, organisation } from '@plasma/network';
import {
  approvalCodeOf,
  certificateRequest,
  newDeviceKeys,
  signBase64,
  signDeviceApproval,
  signedMutation,
  type GraphQLCall,
} from '@plasma/explorer-ui/device-key';
import { donation, eventually, ledgerPeople, newDin, transactionCreator } from '@plasma/testkit';
import { canonicalSignature } from '@plasma/chaincode';
import { connect, hash } from '@hyperledger/fabric-gateway';
import { connectAs, ledgerErrorMessage } from '@plasma/platform';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const crypto = webcrypto as Crypto;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const ENROL =
  'mutation ($label: String!, $csr: String!) { enrolDevice(label: $label, certificateRequest: $csr) { id label certificate serial revokedAt } }';
const REVOKE = 'mutation ($id: ID!) { revokeDevice(deviceId: $id) { id revokedAt } }';
const MY_DEVICES = '{ me { devices { id label revokedAt } } }';
const RECORD_DONATION = 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din operator recordedTxId } }';
const PREPARE =
  'mutation ($deviceId: ID!, $operation: String!, $variables: OperationJson) { prepareTransaction(deviceId: $deviceId, operation: $operation, variables: $variables) { signingId next { stage message transaction transactionId } result } }';
const SUBMIT =
  'mutation ($id: ID!, $signature: String!) { submitSignedTransaction(signingId: $id, signature: $signature) { signingId next { stage message } result } }';
const GET_DONATION = 'query ($din: String!) { donation(din: $din) { din } }';
const REQUEST_DEVICE =
  'mutation ($label: String!, $csr: String!) { requestDevice(label: $label, certificateRequest: $csr) { id label code status approvalPayload device { id } } }';
const APPROVE_DEVICE =
  'mutation ($id: ID!, $approval: DeviceApprovalInput) { approveDeviceRequest(requestId: $id, approval: $approval) { id label } }';
const DEVICE_REQUEST = 'query ($id: ID!) { deviceRequest(id: $id) { status device { id label } } }';

const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;
const fieldOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.field;

describe("keys in the person's own device: enrolment and offline signing", function () {
  this.timeout(300_000);
  let t: TestGateway;
  let collector: string;
  let keys: CryptoKeyPair;
  let deviceId: string;
  let deviceCertificate: string;
  const facility = (): string => organisation(t.topology, 'StationA').facilities[0]!;
  const callAs =
    (token: string): GraphQLCall =>
    async (query, variables) => {
      const answer = await t.graphql(query, variables, token);
      if (answer.errors) throw new Error(`${String(codeOf(answer))}: ${answer.errors[0]!.message}`);
      return answer.data as Record<string, unknown>;
    };

  const people = ledgerPeople(loadTopology());

  /** A person StationA's admin creates (no kiosk account), signed in after choosing her own password at the first sign-in. */
  const newPerson = async (prefix: string, displayName: string, role: string) => {
    const username = `${prefix}-${randomBytes(3).toString('hex')}`;
    const created = await t.graphql(
      'mutation ($input: NewPersonInput!) { createPerson(input: $input) { kiosk } }',
      { input: { org: 'StationA', username, displayName, role, password: 'a first password for now' } },
      await t.login('StationA', 'admin'),
    );
    expect(created.data?.createPerson, JSON.stringify(created.errors)).to.deep.equal({ kiosk: false });
    const token = await t.login('StationA', username, 'a first password for now');
    const password = 'her own long password';
    const changed = await t.graphql(
      'mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }',
      {
        old: 'a first password for now',
        new: password,
      },
      token,
    );
    expect(changed.errors).to.equal(undefined);
    return { username, password, token };
  };

  before(async function () {
    t = await testGateway({ indexed: 'from now' });
    collector = await t.login('StationA', 'collector1');
    keys = await newDeviceKeys(crypto);
  });
  after(async () => {
    people.close();
    await t.close();
  });

  it("enrols a device from a certificate request: the CA certifies the browser's key with the person's name and role", async () => {
    const answer = await t.graphql(
      ENROL,
      { label: 'collection chair 3', csr: await certificateRequest(keys, 'collector1', crypto) },
      collector,
    );
    expect(answer.errors).to.equal(undefined);
    const device = answer.data.enrolDevice;
    deviceId = device.id;
    deviceCertificate = device.certificate;
    const certificate = new X509Certificate(device.certificate);
    expect(certificate.subject).to.match(/CN=collector1/);
    expect(certificate.serialNumber.toLowerCase()).to.equal(device.serial);
    // The key certified is the one the browser made, whose private half never left it.
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(spki)).to.equal(true);
    expect(Buffer.from(certificate.raw).toString('latin1')).to.include('"role":"collector"');
    expect((await t.graphql(MY_DEVICES, {}, collector)).data.me.devices).to.deep.equal([
      { id: deviceId, label: 'collection chair 3', revokedAt: null },
    ]);
  });

  it("refuses a request for another person's name, or not a request at all, naming the field, and enrols nothing", async () => {
    const forSomeoneElse = await t.graphql(ENROL, { label: 'spare', csr: await certificateRequest(keys, 'stationqa1', crypto) }, collector);
    expect([codeOf(forSomeoneElse), fieldOf(forSomeoneElse)]).to.deep.equal(['VALIDATION', 'certificateRequest']);
    expect(forSomeoneElse.errors?.[0]?.message).to.include('CN=collector1');
    const garbage = await t.graphql(
      ENROL,
      { label: 'spare', csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' },
      collector,
    );
    expect([codeOf(garbage), fieldOf(garbage)]).to.deep.equal(['VALIDATION', 'certificateRequest']);
    const badLabel = await t.graphql(ENROL, { label: ' ', csr: await certificateRequest(keys, 'collector1', crypto) }, collector);
    expect([codeOf(badLabel), fieldOf(badLabel)]).to.deep.equal(['VALIDATION', 'label']);
    expect((await t.graphql(MY_DEVICES, {}, collector)).data.me.devices).to.have.length(1);
  });

  it("records a donation signed step by step in the device: the ledger's creator is the device's certificate", async () => {
    const din = newDin(facility());
    const stages: string[] = [];
    let transactionId = '';
    const result = (await signedMutation(
      callAs(collector),
      { id: deviceId, privateKey: keys.privateKey, username: 'collector1' },
      RECORD_DONATION,
      { input: donation(din) },
      (request) => {
        stages.push(request.stage);
        transactionId = (request as { transactionId?: string }).transactionId ?? transactionId;
      },
      crypto,
    )) as { recordDonation: { din: string; operator: string; recordedTxId: string } };
    expect(stages).to.deep.equal(['PROPOSAL', 'TRANSACTION', 'COMMIT_STATUS']);
    expect(result.recordDonation).to.deep.equal({ din: din.slice(0, 13), operator: 'collector1', recordedTxId: transactionId });

    // The transaction as the peers committed it: signed by the device's key, under the device's certificate.
    const creator = await transactionCreator(people.as('StationA', 'collector1'), t.topology.channel, transactionId);
    expect(creator).to.equal(deviceCertificate);
  });

  it('lets only the person who prepared a signing answer it, checks each signature against the device, and abandons it when the device is revoked meanwhile', async () => {
    const spare = await newDeviceKeys(crypto);
    const enrolled = await t.graphql(
      ENROL,
      { label: 'spare tablet', csr: await certificateRequest(spare, 'collector1', crypto) },
      collector,
    );
    const spareId = enrolled.data.enrolDevice.id as string;
    const din = newDin(facility());
    const prepared = await t.graphql(
      PREPARE,
      { deviceId: spareId, operation: RECORD_DONATION, variables: { input: donation(din) } },
      collector,
    );
    expect(prepared.errors).to.equal(undefined);
    const { signingId, next } = prepared.data.prepareTransaction;
    expect(next.stage).to.equal('PROPOSAL');
    const submit = async (signature: string, token = collector) => t.graphql(SUBMIT, { id: signingId, signature }, token);

    // Another person of the same station, even with a valid signature of the right bytes: as if no such signing existed.
    const other = await t.login('StationA', 'stationqa1');
    expect(codeOf(await submit(await signBase64(spare.privateKey, next.message, crypto), other))).to.equal('NOT_FOUND');

    // Not a signature at all; a signature of other bytes; the right bytes signed by another key of the same person:
    // each refused naming the signature, and the signing still waits.
    const malformed = await submit(Buffer.from('not a signature').toString('base64'));
    expect([codeOf(malformed), fieldOf(malformed)]).to.deep.equal(['VALIDATION', 'signature']);
    const otherBytes = await submit(await signBase64(spare.privateKey, Buffer.from('some other proposal').toString('base64'), crypto));
    expect([codeOf(otherBytes), fieldOf(otherBytes)]).to.deep.equal(['VALIDATION', 'signature']);
    expect(otherBytes.errors?.[0]?.message).to.include('does not verify');
    const otherKey = await submit(await signBase64(keys.privateKey, next.message, crypto));
    expect([codeOf(otherKey), fieldOf(otherKey)]).to.deep.equal(['VALIDATION', 'signature']);

    // Revoked while the signing waits: the signing is abandoned at once, and the right signature finds nothing to sign.
    expect((await t.graphql(REVOKE, { id: spareId }, collector)).errors).to.equal(undefined);
    expect(codeOf(await submit(await signBase64(spare.privateKey, next.message, crypto)))).to.equal('NOT_FOUND');
    const read = await t.graphql(GET_DONATION, { din }, collector);
    expect(read.data?.donation ?? null, 'no donation recorded').to.equal(null);
  });

  it('refuses a request that asks for more than a name: alternative names, other subject fields', async () => {
    const withNames = await x509.Pkcs10CertificateRequestGenerator.create(
      {
        name: 'CN=collector1',
        keys,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'peer0.stationa.plasma.test' }])],
      },
      crypto,
    );
    const answer = await t.graphql(ENROL, { label: 'server?', csr: withNames.toString('pem') }, collector);
    expect([codeOf(answer), fieldOf(answer)]).to.deep.equal(['VALIDATION', 'certificateRequest']);
    const withOrganisation = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: 'CN=collector1, O=Regulator', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
      crypto,
    );
    const second = await t.graphql(ENROL, { label: 'other org?', csr: withOrganisation.toString('pem') }, collector);
    expect([codeOf(second), fieldOf(second)]).to.deep.equal(['VALIDATION', 'certificateRequest']);
  });

  it("keeps the admin's key at the gateway: their CA identity is the registrar that enrols the others' devices", async () => {
    const admin = await t.login('StationA', 'admin');
    const answer = await t.graphql(ENROL, { label: 'admin laptop', csr: await certificateRequest(keys, 'admin', crypto) }, admin);
    expect(codeOf(answer)).to.equal('FORBIDDEN');
  });

  it('runs only one mutation field per signing, never a signing inside a signing', async () => {
    const query = await t.graphql(PREPARE, { deviceId, operation: '{ me { username } }' }, collector);
    expect([codeOf(query), fieldOf(query)]).to.deep.equal(['VALIDATION', 'operation']);
    const two = await t.graphql(PREPARE, { deviceId, operation: 'mutation { a: logout b: logout }' }, collector);
    expect([codeOf(two), fieldOf(two)]).to.deep.equal(['VALIDATION', 'operation']);
    const nested = await t.graphql(
      PREPARE,
      { deviceId, operation: `mutation { prepareTransaction(deviceId: "${deviceId}", operation: "mutation { logout }") { signingId } }` },
      collector,
    );
    expect(codeOf(nested)).to.equal('FORBIDDEN');
  });

  it("lets another person use no one else's device", async () => {
    const other = await t.login('StationA', 'stationqa1');
    const answer = await t.graphql(
      PREPARE,
      { deviceId, operation: RECORD_DONATION, variables: { input: donation(newDin(facility())) } },
      other,
    );
    expect(codeOf(answer)).to.equal('NOT_FOUND');
    const revoke = await t.graphql(REVOKE, { id: deviceId }, other);
    expect(codeOf(revoke)).to.equal('NOT_FOUND');
  });

  it('revokes a device at the CA and in the channel: the peers themselves refuse its key, what it signed before stays', async () => {
    // The device's key used straight at a peer, past the gateway, as a member holding it could.
    const direct = connect({
      client: t.gatewayOf('StationA').services.peers.connectionFor('StationA'),
      identity: { mspId: 'StationAMSP', credentials: Buffer.from(deviceCertificate) },
      signer: async (message) =>
        canonicalSignature(new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, keys.privateKey, new Uint8Array(message))))!,
      hash: hash.none,
    });
    const recordDirectly = (din: string) =>
      direct
        .getNetwork(t.topology.channel)
        .getContract(t.topology.chaincode.name, 'Donation')
        .submitTransaction('RecordDonation', JSON.stringify(donation(din)));
    try {
      const before = newDin(facility());
      await recordDirectly(before);

      const revoked = await t.graphql(REVOKE, { id: deviceId }, collector);
      expect(revoked.errors).to.equal(undefined);
      expect(revoked.data.revokeDevice.revokedAt).to.be.a('string');
      const viaGateway = await t.graphql(
        PREPARE,
        { deviceId, operation: RECORD_DONATION, variables: { input: donation(newDin(facility())) } },
        collector,
      );
      expect(codeOf(viaGateway)).to.equal('FORBIDDEN');

      // Once the peer has the configuration block with the CA's revocation list, it refuses the key itself. The orderers
      // may have that block first and refuse the transaction before the peers do ("status=FORBIDDEN" from the orderer):
      // sent again until the peers refuse it too.
      const peersRefuse = /access denied|revoked/i;
      const refusal = await eventually(
        () =>
          recordDirectly(newDin(facility())).then(
            () => 'accepted',
            (error: unknown) => ledgerErrorMessage(error),
          ),
        (outcome) => peersRefuse.test(outcome),
        60,
      );
      expect(refusal).to.match(peersRefuse);
      // Signed before the revocation: still on the ledger as it was committed.
      expect((await t.graphql(GET_DONATION, { din: before }, collector)).errors).to.equal(undefined);
      const stored = await people.query('StationA', 'collector1', 'Donation', 'GetDonation', before);
      expect(stored.operator).to.equal('collector1');
    } finally {
      direct.close();
    }

    const admin = await t.login('StationA', 'admin');
    const listed = await t.graphql('{ gatewayOrganisation { people { username devices { id revokedAt } } } }', {}, admin);
    const devices = listed.data.gatewayOrganisation.people.find((p: { username: string }) => p.username === 'collector1').devices;
    expect(devices.find((d: { id: string }) => d.id === deviceId).revokedAt).to.be.a('string');
  });

  it("signs no act with the gateway's key for a person who holds a device, unless their admin makes them a kiosk account", async () => {
    const admin = await t.login('StationA', 'admin');
    const { username, token: own } = await newPerson('own-key', 'Chen Jing', 'collector');
    const record = () => t.graphql(RECORD_DONATION, { input: donation(newDin(facility())) }, own);

    // Until she enrols a device, the key the gateway keeps signs for her.
    expect((await record()).errors).to.equal(undefined);
    const ownKeys = await newDeviceKeys(crypto);
    const enrolled = await t.graphql(ENROL, { label: 'her phone', csr: await certificateRequest(ownKeys, username, crypto) }, own);
    expect(enrolled.errors).to.equal(undefined);

    // Then her password alone acts no more: the gateway's key refuses to sign the transaction, and nothing is written.
    const din = newDin(facility());
    const refused = await t.graphql(RECORD_DONATION, { input: donation(din) }, own);
    expect(codeOf(refused)).to.equal('FORBIDDEN');
    expect(refused.errors?.[0]?.message).to.include(`${username} holds a key in a device of their own: sign with it`);
    expect((await t.graphql(GET_DONATION, { din }, own)).data.donation).to.equal(null);
    // Her device signs as before.
    const signed = await signedMutation(
      callAs(own),
      { id: enrolled.data.enrolDevice.id, privateKey: ownKeys.privateKey, username },
      RECORD_DONATION,
      { input: donation(newDin(facility())) },
      () => undefined,
      crypto,
    );
    expect(signed).to.have.nested.property('recordDonation.operator', username);

    // A kiosk account: the gateway's key signs for her again, until the admin ends it.
    const kiosk = (value: boolean) =>
      t.graphql(
        'mutation ($u: String!, $k: Boolean!) { setKioskAccount(org: "StationA", username: $u, kiosk: $k) { kiosk } }',
        { u: username, k: value },
        admin,
      );
    expect((await kiosk(true)).data.setKioskAccount).to.deep.equal({ kiosk: true });
    const byGateway = await record();
    expect(byGateway.errors).to.equal(undefined);

    // Which key signed each, as her organisation's gateway tells from the certificate the ledger holds; another
    // organisation's gateway does not know its people's keys.
    const SIGNING_KEY = 'query ($id: ID!) { transaction(id: $id) { signingKey { kind deviceLabel } } }';
    const signingKeyOf = async (id: string, token: string) => {
      await t.untilIndexed(id);
      return (await t.graphql(SIGNING_KEY, { id }, token)).data.transaction.signingKey;
    };
    const deviceTx = (signed as { recordDonation: { recordedTxId: string } }).recordDonation.recordedTxId;
    expect(await signingKeyOf(deviceTx, admin)).to.deep.equal({ kind: 'DEVICE', deviceLabel: 'her phone' });
    expect(await signingKeyOf(byGateway.data.recordDonation.recordedTxId, admin)).to.deep.equal({ kind: 'GATEWAY', deviceLabel: null });
    expect(await signingKeyOf(deviceTx, await t.login('Factory', 'qa1'))).to.equal(null);
    // The audit trail names her as her CA registered her (her certificate's name), beside her username.
    const signedDin = (signed as { recordDonation: { din: string } }).recordDonation.din;
    const trail = await t.graphql(
      'query ($id: String!) { auditTrail(objectType: "donation", objectId: $id) { who printedName } }',
      { id: signedDin },
      admin,
    );
    expect(trail.data.auditTrail).to.deep.equal([{ who: username, printedName: 'Chen Jing' }]);

    expect((await kiosk(false)).data.setKioskAccount).to.deep.equal({ kiosk: false });
    expect(codeOf(await record())).to.equal('FORBIDDEN');
    const log = await t.graphql('{ securityLog(last: 5) { event subject } }', {}, admin);
    expect(log.data.securityLog.map((e: { event: string }) => e.event)).to.include.members(['kiosk-account-set', 'kiosk-account-ended']);
    // An admin is never one: their key is the gateway's registrar at the CA.
    expect(
      codeOf(await t.graphql('mutation { setKioskAccount(org: "StationA", username: "admin", kiosk: true) { kiosk } }', {}, admin)),
    ).to.equal('VALIDATION');
  });

  it('enrols a further device only when a device she holds, or her admin, approves it; never on her password alone', async () => {
    const admin = await t.login('StationA', 'admin');
    const { username, password, token: own } = await newPerson('further', 'Li Na', 'collector');
    const needsApproval = async () => (await t.graphql('{ me { newDeviceNeedsApproval } }', {}, own)).data.me.newDeviceNeedsApproval;
    const liveDevices = async () =>
      (await t.graphql(MY_DEVICES, {}, own)).data.me.devices.filter((d: { revokedAt: unknown }) => d.revokedAt === null).length;

    // Her first device on her password, as a new person signs in for the first time.
    expect(await needsApproval()).to.equal(false);
    const phoneKeys = await newDeviceKeys(crypto);
    const phone = await t.graphql(ENROL, { label: 'her phone', csr: await certificateRequest(phoneKeys, username, crypto) }, own);
    expect(phone.errors).to.equal(undefined);
    const phoneId: string = phone.data.enrolDevice.id;
    expect(await needsApproval()).to.equal(true);

    // A further one (a new browser, or someone who phished her password) is not enrolled on the password alone.
    const laptopKeys = await newDeviceKeys(crypto);
    const laptopCsr = await certificateRequest(laptopKeys, username, crypto);
    const direct = await t.graphql(ENROL, { label: 'her laptop', csr: laptopCsr }, own);
    expect(codeOf(direct)).to.equal('FORBIDDEN');
    expect(direct.errors?.[0]?.message).to.include('requestDevice');
    expect(await liveDevices()).to.equal(1);

    // It is requested, and waits, showing the code the requesting browser shows too.
    const requested = await t.graphql(REQUEST_DEVICE, { label: 'her laptop', csr: laptopCsr }, own);
    expect(requested.errors).to.equal(undefined);
    const laptopRequest = requested.data.requestDevice;
    expect(laptopRequest.status).to.equal('PENDING');
    expect(laptopRequest.code).to.equal(await approvalCodeOf(laptopCsr, crypto));
    expect(laptopRequest.device).to.equal(null);
    expect((await t.graphql('{ me { deviceRequests { id code } } }', {}, own)).data.me.deviceRequests).to.deep.equal([
      { id: laptopRequest.id, code: laptopRequest.code },
    ]);

    // What a password alone cannot do: approve it without a device, or with a signature of a key she does not hold yet.
    const approve = (requestId: string, approval: unknown, token: string) => t.graphql(APPROVE_DEVICE, { id: requestId, approval }, token);
    const bare = await approve(laptopRequest.id, null, own);
    expect([codeOf(bare), fieldOf(bare)]).to.deep.equal(['FORBIDDEN', 'approval']);
    const selfSigned = await approve(
      laptopRequest.id,
      { deviceId: phoneId, signature: await signBase64(laptopKeys.privateKey, laptopRequest.approvalPayload, crypto) },
      own,
    );
    expect([codeOf(selfSigned), fieldOf(selfSigned)]).to.deep.equal(['VALIDATION', 'approval.signature']);
    // Nor may anyone else but her admin: a colleague, another organisation's admin.
    expect(codeOf(await approve(laptopRequest.id, null, await t.login('StationA', 'collector1')))).to.equal('NOT_FOUND');
    expect(codeOf(await approve(laptopRequest.id, null, await t.login('Factory', 'admin')))).to.equal('NOT_FOUND');
    expect(await liveDevices()).to.equal(1);

    // Her phone signs the approval of exactly that request: the laptop is enrolled and signs for her.
    const approval = { deviceId: phoneId, signature: await signDeviceApproval(phoneKeys.privateKey, laptopRequest, username, crypto) };
    const approved = await approve(laptopRequest.id, approval, own);
    expect(approved.errors, JSON.stringify(approved.errors)).to.equal(undefined);
    const laptopId: string = approved.data.approveDeviceRequest.id;
    expect(await liveDevices()).to.equal(2);
    expect((await t.graphql(DEVICE_REQUEST, { id: laptopRequest.id }, own)).data.deviceRequest).to.deep.include({
      status: 'APPROVED',
      device: { id: laptopId, label: 'her laptop' },
    });
    expect(codeOf(await approve(laptopRequest.id, approval, own))).to.equal('CONFLICT');
    const signed = await signedMutation(
      callAs(own),
      { id: laptopId, privateKey: laptopKeys.privateKey, username },
      RECORD_DONATION,
      { input: donation(newDin(facility())) },
      () => undefined,
      crypto,
    );
    expect(signed).to.have.nested.property('recordDonation.operator', username);

    // One approval approves one request: signed for the laptop, it approves no other.
    const tabletKeys = await newDeviceKeys(crypto);
    const tablet = (
      await t.graphql(REQUEST_DEVICE, { label: 'her tablet', csr: await certificateRequest(tabletKeys, username, crypto) }, own)
    ).data.requestDevice;
    const replayed = await approve(tablet.id, approval, own);
    expect([codeOf(replayed), fieldOf(replayed)]).to.deep.equal(['VALIDATION', 'approval.signature']);
    // Her admin approves without a device (say her only one was lost), and only so.
    expect(fieldOf(await approve(tablet.id, approval, admin))).to.equal('approval');
    const byAdmin = await approve(tablet.id, null, admin);
    expect(byAdmin.errors).to.equal(undefined);
    expect(await liveDevices()).to.equal(3);

    // A request she does not know is refused; one past its hour is no longer approved.
    const strayKeys = await newDeviceKeys(crypto);
    const stray = (await t.graphql(REQUEST_DEVICE, { label: 'not mine', csr: await certificateRequest(strayKeys, username, crypto) }, own))
      .data.requestDevice;
    const refused = await t.graphql('mutation ($id: ID!) { refuseDeviceRequest(requestId: $id) { status } }', { id: stray.id }, own);
    expect(refused.data.refuseDeviceRequest.status).to.equal('REFUSED');
    const afterRefusal = { deviceId: phoneId, signature: await signDeviceApproval(phoneKeys.privateKey, stray, username, crypto) };
    expect(codeOf(await approve(stray.id, afterRefusal, own))).to.equal('CONFLICT');
    const lateKeys = await newDeviceKeys(crypto);
    const late = (await t.graphql(REQUEST_DEVICE, { label: 'too late', csr: await certificateRequest(lateKeys, username, crypto) }, own))
      .data.requestDevice;
    await t.pool.query("UPDATE device_requests SET expires_at = now() - interval '1 second' WHERE id = $1", [late.id]);
    const lateApproval = { deviceId: phoneId, signature: await signDeviceApproval(phoneKeys.privateKey, late, username, crypto) };
    expect(codeOf(await approve(late.id, lateApproval, own))).to.equal('CONFLICT');
    expect((await t.graphql(DEVICE_REQUEST, { id: late.id }, own)).data.deviceRequest.status).to.equal('EXPIRED');
    expect(await liveDevices()).to.equal(3);

    // Every step is in the security log.
    const log = await t.graphql('{ securityLog(last: 20) { event actor subject } }', {}, admin);
    const events = log.data.securityLog.filter((e: { actor: string; subject: string | null }) =>
      [e.actor, e.subject].includes(`StationA/${username}`),
    );
    expect(events.map((e: { event: string }) => e.event)).to.include.members([
      'device-requested',
      'device-approved',
      'device-approval-refused',
      'device-refused',
    ]);

    // Disabled, her devices revoked and her waiting request void, and enabled again: still no device on her password alone.
    const waitingKeys = await newDeviceKeys(crypto);
    const waiting = (
      await t.graphql(REQUEST_DEVICE, { label: 'waiting', csr: await certificateRequest(waitingKeys, username, crypto) }, own)
    ).data.requestDevice;
    await t.graphql('mutation ($u: String!) { disablePerson(org: "StationA", username: $u) { disabled } }', { u: username }, admin);
    expect((await t.graphql(DEVICE_REQUEST, { id: waiting.id }, admin)).data.deviceRequest.status).to.equal('REFUSED');
    await t.graphql('mutation ($u: String!) { enablePerson(org: "StationA", username: $u) { disabled } }', { u: username }, admin);
    const again = await t.login('StationA', username, password);
    const afterRevocation = await t.graphql(
      ENROL,
      { label: 'a new phone', csr: await certificateRequest(await newDeviceKeys(crypto), username, crypto) },
      again,
    );
    expect(codeOf(afterRevocation)).to.equal('FORBIDDEN');
  });

  it('revokes every device of a person their admin disables', async () => {
    const qa = await t.login('StationA', 'stationqa1');
    const qaKeys = await newDeviceKeys(crypto);
    const enrolled = await t.graphql(ENROL, { label: 'QA desk', csr: await certificateRequest(qaKeys, 'stationqa1', crypto) }, qa);
    expect(enrolled.errors).to.equal(undefined);
    const admin = await t.login('StationA', 'admin');
    const disabled = await t.graphql('mutation { disablePerson(org: "StationA", username: "stationqa1") { disabled } }', {}, admin);
    expect(disabled.errors).to.equal(undefined);
    const listed = await t.graphql('{ gatewayOrganisation { people { username devices { id revokedAt } } } }', {}, admin);
    const devices = listed.data.gatewayOrganisation.people.find((p: { username: string }) => p.username === 'stationqa1').devices;
    expect(devices).to.have.length(1);
    expect(devices[0].revokedAt).to.be.a('string');
    await t.graphql('mutation { enablePerson(org: "StationA", username: "stationqa1") { disabled } }', {}, admin);
  });

  it('changes a role with a new certificate: the old one and its key are refused by the peers, the person acts in the new role', async () => {
    const admin = await t.login('StationA', 'admin');
    const created = await newPerson('rc', 'Role changer', 'station-qa');
    const { username, password } = created;
    let { token } = created;
    const services = t.gatewayOf('StationA').services;
    const before = (await services.sessions.authenticate(token))!;
    const oldIdentity = await services.identities.identityOf(before);
    expect(
      codeOf(await t.graphql(RECORD_DONATION, { input: donation(newDin(facility())) }, token)),
      'station QA records no donation',
    ).to.equal('FORBIDDEN');

    const changed = await t.graphql(
      `mutation { changeRole(org: "StationA", username: "${username}", role: "collector") { role certificate } }`,
      {},
      admin,
    );
    expect(changed.errors).to.equal(undefined);
    expect(changed.data.changeRole.role).to.equal('collector');
    expect(Buffer.from(new X509Certificate(changed.data.changeRole.certificate).raw).toString('latin1')).to.include('"role":"collector"');
    expect(codeOf(await t.graphql(RECORD_DONATION, { input: donation(newDin(facility())) }, token)), 'their old session').to.equal(
      'UNAUTHENTICATED',
    );
    token = await t.login('StationA', username, password);
    const recorded = await t.graphql(RECORD_DONATION, { input: donation(newDin(facility())) }, token);
    expect(recorded.errors).to.equal(undefined);
    expect(recorded.data.recordDonation.operator).to.equal(username);

    // The old certificate with its key, straight at a peer: refused once the revocation list is in the channel.
    const old = connectAs(services.peers.connectionFor('StationA'), oldIdentity);
    try {
      const outcome = await eventually(
        () =>
          old
            .getNetwork(t.topology.channel)
            .getContract(t.topology.chaincode.name, 'Consortium')
            .evaluateTransaction('GetRegistry')
            .then(
              () => 'accepted',
              (error: unknown) => ledgerErrorMessage(error),
            ),
        (answer) => answer !== 'accepted',
        30,
      );
      expect(outcome).to.match(/access denied|revoked/i);
    } finally {
      old.close();
    }
    const log = await t.graphql('{ securityLog(last: 5) { event subject detail { name value } } }', {}, admin);
    expect(log.data.securityLog.find((e: { event: string }) => e.event === 'role-changed')).to.deep.include({
      subject: `StationA/${username}`,
    });
  });
});
