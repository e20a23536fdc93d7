// The device server's security against a real client: Sign&Encrypt with Basic256Sha256 only, no anonymous
// session, wrong passwords and untrusted certificates refused, fault injection for the engineer only.
import { expect } from 'chai';
import path from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  UserTokenType,
  type ClientSession,
  type UserIdentityInfo,
} from 'node-opcua';
import { startDeviceServer, type DeviceServer } from '../src/devices/device-server';
import { CLEAR_FAULTS_METHOD, DEVICES_NAMESPACE_URI, INJECT_FAULT_METHOD, SIMULATION_OBJECT } from '../src/devices/node-ids';
import { openPki, trust, type ApplicationPki } from '../src/pki';
import { createTestSecurity, TEST_PORT, testConfig, type TestSecurity } from './harness';

const endpoint = `opc.tcp://127.0.0.1:${TEST_PORT}`;

function clientWith(pki: ApplicationPki, mode = MessageSecurityMode.SignAndEncrypt, policy = SecurityPolicy.Basic256Sha256): OPCUAClient {
  return OPCUAClient.create({
    applicationUri: pki.applicationUri,
    clientCertificateManager: pki.manager,
    certificateFile: pki.certificateFile,
    privateKeyFile: pki.privateKeyFile,
    securityMode: mode,
    securityPolicy: policy,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
  });
}

async function sessionAs(client: OPCUAClient, identity?: UserIdentityInfo): Promise<ClientSession> {
  await client.connect(endpoint);
  return client.createSession(identity);
}

async function refusal(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the server to refuse, but it accepted');
}

describe('cold-chain device server security (real OPC UA server and client)', function () {
  this.timeout(60_000);
  let security: TestSecurity;
  let server: DeviceServer;
  const clients: OPCUAClient[] = [];
  const client = (pki: ApplicationPki, mode?: MessageSecurityMode, policy?: SecurityPolicy): OPCUAClient => {
    const c = clientWith(pki, mode, policy);
    clients.push(c);
    return c;
  };

  before(async () => {
    security = await createTestSecurity();
    server = await startDeviceServer({ config: testConfig().servers[0]!, pki: security.server, credentials: security.credentials });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect().catch(() => undefined)));
  });

  after(async () => {
    await server?.stop();
    security?.remove();
  });

  it('offers only Basic256Sha256 Sign&Encrypt endpoints, with no anonymous token policy', async () => {
    const probe = client(security.ingest);
    await probe.connect(endpoint);
    const endpoints = await probe.getEndpoints();
    expect(endpoints.map((e) => [e.securityMode, e.securityPolicyUri])).to.deep.equal([
      [MessageSecurityMode.SignAndEncrypt, SecurityPolicy.Basic256Sha256],
    ]);
    const tokens = endpoints.flatMap((e) => (e.userIdentityTokens ?? []).map((t) => t.tokenType));
    expect(tokens).to.not.include(UserTokenType.Anonymous);
    expect(tokens).to.include.members([UserTokenType.UserName, UserTokenType.Certificate]);
  });

  it('refuses an anonymous session', async () => {
    const message = await refusal(() => sessionAs(client(security.ingest), { type: UserTokenType.Anonymous }));
    expect(message).to.match(/anonymous/i);
  });

  it('refuses a wrong password', async () => {
    const message = await refusal(() =>
      sessionAs(client(security.ingest), { type: UserTokenType.UserName, userName: 'ingest', password: 'not-the-password' }),
    );
    expect(message).to.match(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
  });

  it('refuses a client whose certificate it does not trust, even with the right password', async () => {
    const stranger = await openPki('stranger', ['127.0.0.1'], path.join(security.dir, 'pki', 'stranger'));
    // The stranger trusts the server, so the refusal can only come from the server.
    await trust(stranger, security.server);
    const message = await refusal(() =>
      sessionAs(client(stranger), { type: UserTokenType.UserName, userName: 'ingest', password: security.credentials.ingest }),
    );
    expect(message).to.match(/rejected by server/);
  });

  it('refuses an unencrypted channel', async () => {
    const message = await refusal(() =>
      sessionAs(client(security.ingest, MessageSecurityMode.None, SecurityPolicy.None), {
        type: UserTokenType.UserName,
        userName: 'ingest',
        password: security.credentials.ingest,
      }),
    );
    expect(message).to.match(/securityMode = None/);
  });

  it('lets the ingest read a device but not write it, and lets only the engineer inject a fault', async () => {
    const ingest = await sessionAs(client(security.ingest), {
      type: UserTokenType.UserName,
      userName: 'ingest',
      password: security.credentials.ingest,
    });
    const ns = (await ingest.readNamespaceArray()).indexOf(DEVICES_NAMESPACE_URI);
    const temperature = `ns=${ns};s=G1001-FRZ-01.Temperature`;
    const value = await ingest.read({ nodeId: temperature });
    expect(value.statusCode.isGood() || value.statusCode.equals(StatusCodes.UncertainInitialValue)).to.equal(true);
    const write = await ingest.write({ nodeId: temperature, attributeId: 13, value: { value: { dataType: DataType.Double, value: -40 } } });
    expect(write.name).to.match(/BadNotWritable|BadUserAccessDenied/);

    const faultCall = {
      objectId: `ns=${ns};s=${SIMULATION_OBJECT}`,
      methodId: `ns=${ns};s=${INJECT_FAULT_METHOD}`,
      inputArguments: [
        { dataType: DataType.String, value: 'G1001-FRZ-01' },
        { dataType: DataType.String, value: '{"kind":"excursion","value":-1,"durationMs":1000}' },
      ],
    };
    expect((await ingest.call(faultCall)).statusCode.name).to.equal('BadUserAccessDenied');

    const engineer = await sessionAs(client(security.ingest), {
      type: UserTokenType.UserName,
      userName: 'engineer',
      password: security.credentials.engineer,
    });
    expect((await engineer.call(faultCall)).statusCode.name).to.equal('Good');
    const clear = {
      objectId: faultCall.objectId,
      methodId: `ns=${ns};s=${CLEAR_FAULTS_METHOD}`,
      inputArguments: [faultCall.inputArguments[0]!],
    };
    expect((await ingest.call(clear)).statusCode.name).to.equal('BadUserAccessDenied');
    expect((await engineer.call(clear)).statusCode.name).to.equal('Good');
    const invalid = {
      ...faultCall,
      inputArguments: [faultCall.inputArguments[0]!, { dataType: DataType.String, value: '{"kind":"melt"}' }],
    };
    expect((await engineer.call(invalid)).statusCode.name).to.equal('BadInvalidArgument');
  });
});
