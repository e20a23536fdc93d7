// A further device's approval without a network: the code the gateway shows the approver is the one the requesting
// browser computes from its own request, and a device signs only the approval of the request it was shown, for its own
// person, never a record's payload or other bytes the gateway might hand it instead.
import { createHash, verify, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { approvalCodeOf as browserCode, certificateRequest, newDeviceKeys, signDeviceApproval } from '@plasma/explorer-ui/device-key';
import { approvalCodeOf, deviceApprovalPayload } from '../../src/people';

const crypto = webcrypto as Crypto;
const base64 = (text: string): string => Buffer.from(text).toString('base64');

describe("a further device's approval", function () {
  let keys: CryptoKeyPair;
  let request: string;
  let requestSha256: string;

  before(async () => {
    keys = await newDeviceKeys(crypto);
    request = await certificateRequest(keys, 'collector7', crypto);
    requestSha256 = createHash('sha256')
      .update(Buffer.from(new x509.Pkcs10CertificateRequest(request).rawData))
      .digest('hex');
  });

  it('shows the approver the code the requesting browser computes from its own request', async () => {
    const code = approvalCodeOf(requestSha256);
    expect(code).to.match(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(await browserCode(request, crypto)).to.equal(code);
    const other = await certificateRequest(await newDeviceKeys(crypto), 'collector7', crypto);
    expect(await browserCode(other, crypto)).to.not.equal(code);
  });

  it("signs the approval of the request shown, for its own person, verifiable with the device's key", async () => {
    const payload = deviceApprovalPayload({
      requestId: 'r-1',
      organisation: 'StationA',
      username: 'collector7',
      label: 'phone',
      requestSha256,
    });
    expect(JSON.parse(payload)).to.include({ purpose: 'approve-device', request: 'r-1', username: 'collector7' });
    const shown = { id: 'r-1', label: 'phone', code: approvalCodeOf(requestSha256), approvalPayload: base64(payload) };
    const signature = await signDeviceApproval(keys.privateKey, shown, 'collector7', crypto);
    const publicKey = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
    const key = { key: publicKey, format: 'der' as const, type: 'spki' as const, dsaEncoding: 'ieee-p1363' as const };
    expect(verify('sha256', Buffer.from(payload), key, Buffer.from(signature, 'base64'))).to.equal(true);
  });

  it("refuses to sign another request's approval, another person's, another label or code than shown, a record's payload, or bytes that are no JSON", async () => {
    const approval = (fields: Record<string, unknown>) =>
      base64(
        JSON.stringify({
          purpose: 'approve-device',
          request: 'r-1',
          username: 'collector7',
          label: 'phone',
          certificateRequestSha256: requestSha256,
          ...fields,
        }),
      );
    expect(
      await signDeviceApproval(
        keys.privateKey,
        { id: 'r-1', label: 'phone', code: approvalCodeOf(requestSha256), approvalPayload: approval({}) },
        'collector7',
        crypto,
      ),
    ).to.be.a('string');
    const refusals = [
      approval({ request: 'r-2' }),
      approval({ username: 'collector8' }),
      approval({ label: 'laptop' }),
      approval({ certificateRequestSha256: 'ff'.repeat(32) }),
      approval({ purpose: 'qa-review' }),
      base64(JSON.stringify({ meaning: 'qa-review', signerName: 'collector7', recordDigest: 'ab' })),
      Buffer.from([0x0a, 0x02, 0xff, 0x00]).toString('base64'),
    ];
    for (const approvalPayload of refusals) {
      const shown = { id: 'r-1', label: 'phone', code: approvalCodeOf(requestSha256), approvalPayload };
      const refused = await signDeviceApproval(keys.privateKey, shown, 'collector7', crypto).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused, Buffer.from(approvalPayload, 'base64').toString('latin1')).to.be.instanceOf(Error);
      expect((refused as Error).message).to.match(/refused$/);
    }
  });
});
