// The key this browser signs with for the signed-in person: the one it made earlier, while the gateway still lists
// that device as theirs and not revoked; otherwise a new one, made here and enrolled with the organisation's CA.
import type {
  EnrolDeviceMutation,
  EnrolDeviceMutationVariables,
  MyDevicesQuery,
  MyDevicesQueryVariables,
} from '../graphql/generated/operations';
import type { GraphQLClient } from '../graphql/client';
import { operation } from '../graphql/operation';
import { certificateRequest, newDeviceKeys } from './device-key';
import { deviceStore } from './device-store';

/** A device key ready to sign: what the GraphQL client needs to send mutations through it. */
export interface SigningDevice {
  readonly id: string;
  readonly privateKey: CryptoKey;
  /** Whose key it is: the only signer it signs electronic signatures as. */
  readonly username: string;
}

export const MY_DEVICES = operation<MyDevicesQuery, MyDevicesQueryVariables>(/* GraphQL */ `
  query MyDevices {
    me {
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

export async function deviceForSigning(
  client: GraphQLClient,
  person: { readonly org: string; readonly username: string },
): Promise<SigningDevice> {
  const stored = await deviceStore.read(person.org, person.username);
  if (stored) {
    const { me } = await client.request(MY_DEVICES, {});
    if (me.devices.some((d) => d.id === stored.deviceId && d.revokedAt == null))
      return { id: stored.deviceId, privateKey: stored.keys.privateKey, username: person.username };
  }
  const keys = await newDeviceKeys();
  const label = `Browser enrolled ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const { enrolDevice } = await client.request(ENROL_DEVICE, {
    label,
    certificateRequest: await certificateRequest(keys, person.username),
  });
  await deviceStore.write(person.org, person.username, { deviceId: enrolDevice.id, keys });
  return { id: enrolDevice.id, privateKey: keys.privateKey, username: person.username };
}
