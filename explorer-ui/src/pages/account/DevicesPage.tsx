// The signed-in person's own keys: each device whose key signs for them, when it last signed, and revoking one that is
// lost or no longer theirs (at the CA and in the channel, as their admin would); and the further devices they asked
// for, which this browser's key approves (its code compared with the one the new browser shows) or refuses.
import { useState } from 'react';
import type { OwnDevicesQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { APPROVE_DEVICE_REQUEST, REFUSE_DEVICE_REQUEST, REVOKE_DEVICE } from '../people/people-operations';
import { MY_DEVICES } from './account-operations';

type WaitingRequest = OwnDevicesQuery['me']['deviceRequests'][number];

export function DevicesPage() {
  const session = useSession();
  const { client } = useGraphQL();
  const devices = useQuery(MY_DEVICES, {});
  const signApproval = session.approveWithThisDevice;
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string }>();

  // Every action reloads the list, and says what it did or why the gateway refused.
  const act = async (what: () => Promise<string>): Promise<void> => {
    try {
      setNotice({ tone: 'ok', text: await what() });
    } catch (error) {
      setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
    devices.reload();
  };
  const revoke = (deviceId: string, label: string) =>
    act(async () => {
      await client.request(REVOKE_DEVICE, { deviceId });
      return `"${label}" is revoked at the CA and in the channel: its key signs nothing more.`;
    });
  const approve = (request: WaitingRequest, sign: NonNullable<typeof session.approveWithThisDevice>) =>
    act(async () => {
      await client.request(APPROVE_DEVICE_REQUEST, { requestId: request.id, approval: await sign(request) });
      return `"${request.label}" is enrolled: its key signs for you from now on.`;
    });
  const refuse = (request: { id: string; label: string }) =>
    act(async () => {
      await client.request(REFUSE_DEVICE_REQUEST, { requestId: request.id });
      return `"${request.label}" is refused: that browser's key will never sign for you.`;
    });

  return (
    <Page kicker={session.person.organisation.name} title="Your keys">
      {notice && (
        <div className={`notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="devices-notice">
          {notice.text}
        </div>
      )}
      {session.keyHolder === 'awaiting-approval' && (
        <p className="notice" data-testid="this-browser-awaits">
          This browser's key waits for approval, code <strong>{session.approvalCode}</strong>: approve it under "Your keys" in a browser
          whose key already signs for you, or ask your admin. It signs nothing until then.
        </p>
      )}
      {devices.data && devices.data.me.deviceRequests.length > 0 && (
        <Panel title="Devices waiting for your approval">
          <p className="muted">
            Approve only a device you are setting up yourself, whose screen shows the same code. Refuse any other: someone may know your
            password.
          </p>
          <table data-testid="device-requests">
            <thead>
              <tr>
                <th>Device</th>
                <th>Code</th>
                <th>Asked</th>
                <th>Until</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {devices.data.me.deviceRequests.map((request) => (
                <tr key={request.id} data-testid={`device-request-${request.code}`}>
                  <td>{request.label}</td>
                  <td>
                    <strong>{request.code}</strong>
                  </td>
                  <td>
                    <Instant at={request.requestedAt} />
                  </td>
                  <td>
                    <Instant at={request.expiresAt} />
                  </td>
                  <td className="row-actions">
                    {signApproval ? (
                      <button type="button" className="link" onClick={() => void approve(request, signApproval)}>
                        Approve with this browser's key
                      </button>
                    ) : (
                      <span className="muted">approve from a browser whose key signs for you</span>
                    )}
                    <button type="button" className="link" onClick={() => void refuse(request)}>
                      Refuse
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
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
