// The key this browser signs with for the signed-in person: the one it made earlier, while the gateway still lists
// that device as theirs and not revoked; otherwise a new one, made here and enrolled with the organisation's CA: at
// once when it is their first device, or, once they have held one, requested and enrolled when a device they hold (or
// their admin) approves it, this browser showing the request's code meanwhile.
import type {
  EnrolDeviceMutation,
  EnrolDeviceMutationVariables,
  MyDevicesQuery,
  MyDevicesQueryVariables,
  RequestDeviceMutation,
  RequestDeviceMutationVariables,
  ThisDeviceRequestQuery,
  ThisDeviceRequestQueryVariables,
} from '../graphql/generated/operations';
import type { GraphQLClient } from '../graphql/client';
import { operation } from '../graphql/operation';
import { approvalCodeOf, certificateRequest, newDeviceKeys } from './device-key';
import { deviceStore } from './device-store';

/** A device key ready to sign: what the GraphQL client needs to send mutations through it. */
export interface SigningDevice {
  readonly id: string;
  readonly privateKey: CryptoKey;
  /** Whose key it is: the only signer it signs electronic signatures as. */
  readonly username: string;
}

/** This browser's key while its request waits for approval: the code it shows, which the approver sees too. */
export interface AwaitingApproval {
  readonly requestId: string;
  readonly code: string;
}

export const MY_DEVICES = operation<MyDevicesQuery, MyDevicesQueryVariables>(/* GraphQL */ `
  query MyDevices {
    me {
      newDeviceNeedsApproval
      devices {
        id
        revokedAt
      }
    }
  }
`);

export const ENROL_DEVICE = operation<EnrolDeviceMutation, EnrolDeviceMutationVariables>(/* GraphQL */ `
  mutation EnrolDevice($label: String!, $certificateRequest: String!) {
    enrolDevice(label: $label, certificateRequest: $certificateRequest) {
      id
    }
  }
`);

export const REQUEST_DEVICE = operation<RequestDeviceMutation, RequestDeviceMutationVariables>(/* GraphQL */ `
  mutation RequestDevice($label: String!, $certificateRequest: String!) {
    requestDevice(label: $label, certificateRequest: $certificateRequest) {
      id
    }
  }
`);

export const THIS_DEVICE_REQUEST = operation<ThisDeviceRequestQuery, ThisDeviceRequestQueryVariables>(/* GraphQL */ `
  query ThisDeviceRequest($id: ID!) {
    deviceRequest(id: $id) {
      status
      device {
        id
      }
    }
  }
`);

interface Person {
  readonly org: string;
  readonly username: string;
}

export async function deviceForSigning(client: GraphQLClient, person: Person): Promise<SigningDevice | AwaitingApproval> {
  const stored = await deviceStore.read(person.org, person.username);
  if (stored && 'requestId' in stored) {
    const waited = await approvedDevice(client, person);
    if (waited) return waited;
  }
  const { me } = await client.request(MY_DEVICES, {});
  if (stored && 'deviceId' in stored && me.devices.some((d) => d.id === stored.deviceId && d.revokedAt == null))
    return { id: stored.deviceId, privateKey: stored.keys.privateKey, username: person.username };
  const keys = await newDeviceKeys();
  const label = `Browser enrolled ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const request = await certificateRequest(keys, person.username);
  if (me.newDeviceNeedsApproval) {
    const { requestDevice } = await client.request(REQUEST_DEVICE, { label, certificateRequest: request });
    // The code this browser computes from its own request: the approver compares it with the one the gateway shows them.
    const code = await approvalCodeOf(request);
    await deviceStore.write(person.org, person.username, { requestId: requestDevice.id, code, keys });
    return { requestId: requestDevice.id, code };
  }
  const { enrolDevice } = await client.request(ENROL_DEVICE, { label, certificateRequest: request });
  await deviceStore.write(person.org, person.username, { deviceId: enrolDevice.id, keys });
  return { id: enrolDevice.id, privateKey: keys.privateKey, username: person.username };
}

/**
 * This browser's requested key: the device it became once approved, or the request still waiting; undefined when it
 * was refused or expired (or there is none).
 */
export async function approvedDevice(client: GraphQLClient, person: Person): Promise<SigningDevice | AwaitingApproval | undefined> {
  const stored = await deviceStore.read(person.org, person.username);
  if (!stored || !('requestId' in stored)) return undefined;
  const { deviceRequest } = await client.request(THIS_DEVICE_REQUEST, { id: stored.requestId });
  if (deviceRequest?.status === 'PENDING') return { requestId: stored.requestId, code: stored.code };
  if (deviceRequest?.status !== 'APPROVED' || !deviceRequest.device) return undefined;
  await deviceStore.write(person.org, person.username, { deviceId: deviceRequest.device.id, keys: stored.keys });
  return { id: deviceRequest.device.id, privateKey: stored.keys.privateKey, username: person.username };
}
