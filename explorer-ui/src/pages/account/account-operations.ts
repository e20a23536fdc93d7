// The signed-in person's own devices: the keys that sign for them, each revocable by them.
import type { OwnDevicesQuery, OwnDevicesQueryVariables } from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

export const MY_DEVICES = operation<OwnDevicesQuery, OwnDevicesQueryVariables>(/* GraphQL */ `
  query OwnDevices {
    me {
      id
      username
      kiosk
      devices {
        id
        label
        enrolledAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);
