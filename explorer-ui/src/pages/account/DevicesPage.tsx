// The signed-in person's own keys: each device whose key signs for them, when it last signed, and revoking one that is
// lost or no longer theirs (at the CA and in the channel, as their admin would).
import { useState } from 'react';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { REVOKE_DEVICE } from '../people/people-operations';
import { MY_DEVICES } from './account-operations';

export function DevicesPage() {
  const session = useSession();
  const { client } = useGraphQL();
  const devices = useQuery(MY_DEVICES, {});
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string }>();

  const revoke = async (deviceId: string, label: string): Promise<void> => {
    try {
      await client.request(REVOKE_DEVICE, { deviceId });
      setNotice({ tone: 'ok', text: `"${label}" is revoked at the CA and in the channel: its key signs nothing more.` });
    } catch (error) {
      setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
    devices.reload();
  };

  return (
    <Page kicker={session.person.organisation.name} title="Your keys">
      {notice && (
        <div className={`notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="devices-notice">
          {notice.text}
        </div>
      )}
      <Panel title="Devices whose key signs for you">
        <QueryStatus query={devices} what="your devices" />
        {devices.data && (
          <>
            {devices.data.me.kiosk && (
              <p className="muted">A kiosk account: the key the gateway keeps signs for you as well, whatever devices you hold.</p>
            )}
            {devices.data.me.devices.length === 0 ? (
              <p className="muted">None: the key the gateway keeps signs for you until you enrol one.</p>
            ) : (
              <table data-testid="my-devices">
                <thead>
                  <tr>
                    <th>Device</th>
                    <th>Enrolled</th>
                    <th>Last signed</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.data.me.devices.map((device) => (
                    <tr key={device.id} data-testid={`my-device-${device.id}`}>
                      <td>
                        {device.label}
                        {device.id === session.deviceId && <span className="muted"> (this browser)</span>}
                      </td>
                      <td>
                        <Instant at={device.enrolledAt} />
                      </td>
                      <td>
                        <Instant at={device.lastUsedAt} />
                      </td>
                      <td>
                        {device.revokedAt ? (
                          <span className="muted">
                            revoked <Instant at={device.revokedAt} />
                          </span>
                        ) : device.id === session.deviceId ? (
                          'signs here'
                        ) : (
                          <button type="button" className="link" onClick={() => void revoke(device.id, device.label)}>
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Panel>
    </Page>
  );
}
