// The OPC UA device server: one per entry of devices.yaml `servers`. Basic256Sha256 Sign&Encrypt only, no
// anonymous access, users by password or trusted certificate; faults injected in-process or by the
// `engineer` user through the Simulation methods.
import {
  DataType,
  MessageSecurityMode,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  UserNameIdentityToken,
  type ISessionContext,
  type CallbackT,
  type CallMethodResultOptions,
  type Variant,
} from 'node-opcua';
import type { DeviceServerConfig } from '../config';
import { authenticate, type DeviceCredentials } from '../credentials';
import type { ApplicationPki } from '../pki';
import { addDevice } from './address-space';
import { parseFault, type Fault } from './faults';
import { CLEAR_FAULTS_METHOD, DEVICES_NAMESPACE_URI, INJECT_FAULT_METHOD, SIMULATION_OBJECT } from './node-ids';
import { DeviceSampler } from './sampler';

export interface DeviceServer {
  injectFault(deviceId: string, fault: Fault): Promise<void>;
  stop(): Promise<void>;
}

export interface DeviceServerOptions {
  readonly config: DeviceServerConfig;
  readonly pki: ApplicationPki;
  readonly credentials: DeviceCredentials;
}

const callEndpoints = async (server: OPCUAServer, action: 'suspendConnection' | 'restoreConnection'): Promise<void> => {
  await Promise.all(
    server.endpoints.map(
      (endpoint) =>
        new Promise<void>((resolve, reject) => {
          endpoint[action]((error?: Error) => (error ? reject(error) : resolve()));
        }),
    ),
  );
};

export async function startDeviceServer(options: Readonly<DeviceServerOptions>): Promise<DeviceServer> {
  const { config, pki, credentials } = options;
  const server = new OPCUAServer({
    port: config.port,
    hostname: config.host,
    serverCertificateManager: pki.manager,
    // The same trust list decides which certificates may also sign in as a user.
    userCertificateManager: pki.manager,
    certificateFile: pki.certificateFile,
    privateKeyFile: pki.privateKeyFile,
    securityModes: [MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.Basic256Sha256],
    allowAnonymous: false,
    userManager: { isValidUser: (userName: string, password: string) => authenticate(credentials, userName, password) !== undefined },
    serverInfo: {
      applicationUri: pki.applicationUri,
      productUri: 'urn:plasma-trace:cold-chain',
      applicationName: { text: `plasma-trace ${config.name}` },
    },
    buildInfo: { productName: 'plasma-trace cold-chain device simulator', manufacturerName: 'plasma-trace' },
    serverCapabilities: { minSupportedSampleRate: 0, maxMonitoredItemsQueueSize: 60_000 },
  });
  await server.initialize();

  const addressSpace = server.engine.addressSpace!;
  const namespace = addressSpace.registerNamespace(DEVICES_NAMESPACE_URI);
  const devicesFolder = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Devices', nodeId: 's=Devices' });
  const nodes = config.devices.flatMap((device) => {
    const historyValues = Math.ceil((config.historyMinutes * 60_000) / device.samplePeriodMs);
    return addDevice(addressSpace, namespace, devicesFolder, device, historyValues);
  });
  const sampler = new DeviceSampler(nodes);

  let reconnecting: NodeJS.Timeout | undefined;
  const injectFault = async (deviceId: string, fault: Fault): Promise<void> => {
    if (fault.kind !== 'disconnect') {
      sampler.faultsOf(deviceId).inject(fault, Date.now());
      return;
    }
    // The network drops: connections are cut and refused, while the devices go on sampling into history.
    await callEndpoints(server, 'suspendConnection');
    for (const endpoint of server.endpoints) endpoint.abruptlyInterruptChannels();
    clearTimeout(reconnecting);
    reconnecting = setTimeout(() => {
      callEndpoints(server, 'restoreConnection').catch(() => undefined);
    }, fault.durationMs);
  };

  const isEngineer = (context: ISessionContext): boolean => {
    const token = context.session?.userIdentityToken;
    return token instanceof UserNameIdentityToken && token.userName === 'engineer';
  };
  const simulation = namespace.addObject({
    organizedBy: addressSpace.rootFolder.objects,
    browseName: SIMULATION_OBJECT,
    nodeId: `s=${SIMULATION_OBJECT}`,
  });
  const inputArguments = [
    { name: 'deviceId', dataType: DataType.String, description: 'the device id as in devices.yaml' },
    { name: 'fault', dataType: DataType.String, description: 'the fault as JSON, e.g. {"kind":"excursion","value":-2,"durationMs":60000}' },
  ];
  const inject = namespace.addMethod(simulation, {
    browseName: 'InjectFault',
    nodeId: `s=${INJECT_FAULT_METHOD}`,
    inputArguments,
    outputArguments: [],
  });
  const clear = namespace.addMethod(simulation, {
    browseName: 'ClearFaults',
    nodeId: `s=${CLEAR_FAULTS_METHOD}`,
    inputArguments: inputArguments.slice(0, 1),
    outputArguments: [],
  });
  const method =
    (action: (args: readonly string[]) => Promise<void>) =>
    (args: Variant[], context: ISessionContext, callback: CallbackT<CallMethodResultOptions>): void => {
      if (!isEngineer(context)) {
        callback(null, { statusCode: StatusCodes.BadUserAccessDenied });
        return;
      }
      action(args.map((a) => String(a.value))).then(
        () => callback(null, { statusCode: StatusCodes.Good }),
        () => callback(null, { statusCode: StatusCodes.BadInvalidArgument }),
      );
    };
  inject.bindMethod(method(async ([deviceId, fault]) => injectFault(deviceId ?? '', parseFault(JSON.parse(fault ?? '')))));
  clear.bindMethod(method(async ([deviceId]) => sampler.faultsOf(deviceId ?? '').clear()));

  await server.start();
  sampler.start();
  return {
    injectFault,
    stop: async () => {
      clearTimeout(reconnecting);
      sampler.stop();
      await server.shutdown(0);
    },
  };
}
