// The signed-in person's own devices: the keys that sign for them, each revocable by them, and the further devices
// they asked for, which a device they hold approves.
import type { OwnDevicesQuery, OwnDevicesQueryVariables } from '../../graphql/generated/operations';
import { DEVICE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export const MY_DEVICES = operation<OwnDevicesQuery, OwnDevicesQueryVariables>(
  /* GraphQL */ `
    query OwnDevices {
      me {
        id
        username
        kiosk
        devices {
          ...DeviceFields
        }
        deviceRequests {
          id
          label
          requestedAt
          expiresAt
          code
          approvalPayload
        }
      }
    }
  `,
  [DEVICE_FIELDS],
);
