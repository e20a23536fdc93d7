// The organisation's people, for its admin: each person's role, last sign-in and devices; creating a person (who
// chooses their own password at the first sign-in), disabling and enabling one (disabling ends their sessions and
// revokes their devices), giving a one-time code for a forgotten password, approving or refusing a further device (say
// the person lost the only one they held), and revoking a lost device; every act in the security log shown below,
// with the check of its hash chain.
import { useState, type SubmitEvent } from 'react';
import type { SecurityLogCheckQuery, SecurityLogQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { roleName } from '../../session/role-names';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { PasswordField } from '../../ui/PasswordField';
import { QueryStatus } from '../../ui/QueryStatus';
import {
  CHANGE_ROLE,
  SET_KIOSK_ACCOUNT,
  CREATE_PERSON,
  DISABLE_PERSON,
  ENABLE_PERSON,
  APPROVE_DEVICE_REQUEST,
  ORGANISATION_PEOPLE,
  REFUSE_DEVICE_REQUEST,
  RESET_PASSWORD,
  REVOKE_DEVICE,
  SECURITY_LOG,
  SECURITY_LOG_CHECK,
  type ManagedPerson,
} from './people-operations';

export function PeoplePage() {
  const { person: admin } = useSession();
  const { client } = useGraphQL();
  const people = useQuery(ORGANISATION_PEOPLE, {});
  const log = useQuery(SECURITY_LOG, { last: 50 });
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const org = admin.organisation.name;

  // Every action reloads the list, and says what it did or why the gateway refused.
  const act = async (what: () => Promise<string>): Promise<void> => {
    try {
      setNotice({ tone: 'ok', text: await what() });
    } catch (error) {
      setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
    people.reload();
    log.reload();
  };

  const actions = {
    setDisabled: (person: ManagedPerson, disabled: boolean) =>
      act(async () => {
        const variables = { org, username: person.username };
        if (disabled) await client.request(DISABLE_PERSON, variables);
        else await client.request(ENABLE_PERSON, variables);
        return disabled
          ? `${person.username} is disabled: their sessions ended and their devices are revoked.`
          : `${person.username} may sign in again.`;
      }),
    reset: (person: ManagedPerson) =>
      act(async () => {
        const { resetPassword } = await client.request(RESET_PASSWORD, { org, username: person.username });
        return `One-time code for ${person.username}: ${resetPassword.code} (until ${new Date(resetPassword.expiresAt).toLocaleString()}). Hand it over in person; their old password no longer works.`;
      }),
    setKiosk: (person: ManagedPerson, kiosk: boolean) =>
      act(async () => {
        await client.request(SET_KIOSK_ACCOUNT, { org, username: person.username, kiosk });
        return kiosk
          ? `${person.username} is a kiosk account: the key the gateway keeps signs for them whatever devices they hold.`
          : `${person.username} is no longer a kiosk account: once they hold a device, only its key signs for them.`;
      }),
    changeRole: (person: ManagedPerson, role: string) =>
      act(async () => {
        await client.request(CHANGE_ROLE, { org, username: person.username, role });
        return `${person.username} is now ${roleName(role)}: a new certificate carries the role; the old one and their devices are revoked.`;
      }),
    approveDevice: (person: ManagedPerson, request: ManagedPerson['deviceRequests'][number]) =>
      act(async () => {
        await client.request(APPROVE_DEVICE_REQUEST, { requestId: request.id });
        return `${person.username}'s device "${request.label}" (code ${request.code}) is enrolled: its key signs for them.`;
      }),
    refuseDevice: (person: ManagedPerson, request: ManagedPerson['deviceRequests'][number]) =>
      act(async () => {
        await client.request(REFUSE_DEVICE_REQUEST, { requestId: request.id });
        return `${person.username}'s device request "${request.label}" (code ${request.code}) is refused.`;
      }),
    revokeDevice: (person: ManagedPerson, deviceId: string, label: string) =>
      act(async () => {
        await client.request(REVOKE_DEVICE, { deviceId });
        return `${person.username}'s device "${label}" is revoked at the CA and in the channel.`;
      }),
  };

  return (
    <Page kicker={`${org} · administration`} title="People">
      {notice && (
        <div
          className={`notice ${notice.tone === 'error' ? 'error' : 'ok'}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="people-notice"
        >
          {notice.text}
        </div>
      )}
      <Panel title="People of the organisation">
        <QueryStatus query={people} what="the people" />
        {people.data && (
          <table data-testid="people">
            <thead>
              <tr>
                <th>Person</th>
                <th>Role</th>
                <th>Last sign-in</th>
                <th>Devices</th>
                <th>Account</th>
              </tr>
            </thead>
            <tbody>
              {people.data.gatewayOrganisation.people.map((person) => (
                <tr key={person.id} data-testid={`person-${person.username}`}>
                  <td>
                    <strong>{person.displayName}</strong>
                    <div className="muted">{person.username}</div>
                  </td>
                  <td>
                    {person.username === admin.username || person.disabled ? (
                      roleName(person.role)
                    ) : (
                      <RoleChoice
                        label={`Role of ${person.username}`}
                        current={person.role}
                        roles={people.data!.gatewayOrganisation.grantableRoles}
                        onChange={(role) => void actions.changeRole(person, role)}
                      />
                    )}
                  </td>
                  <td>
                    <Instant at={person.lastSignInAt} />
                  </td>
                  <td>
                    {person.kiosk ? (
                      <div className="muted">kiosk account: the gateway's key signs for them</div>
                    ) : (
                      person.devices.every((device) => device.revokedAt) && (
                        <div className="muted">none: the gateway's key signs for them until they enrol one</div>
                      )
                    )}
                    <ul className="plain">
                      {person.devices.map((device) => (
                        <li key={device.id} data-testid={`device-${device.id}`}>
                          {device.label}{' '}
                          {device.revokedAt ? (
                            <span className="muted">
                              revoked <Instant at={device.revokedAt} />
                            </span>
                          ) : (
                            <button
                              type="button"
                              className="link"
                              onClick={() => void actions.revokeDevice(person, device.id, device.label)}
                            >
                              Revoke
                            </button>
                          )}
                        </li>
                      ))}
                      {person.deviceRequests.map((request) => (
                        <li key={request.id} data-testid={`device-request-${request.code}`}>
                          {request.label} <span className="muted">waits for approval, code</span> <strong>{request.code}</strong>{' '}
                          <button type="button" className="link" onClick={() => void actions.approveDevice(person, request)}>
                            Approve
                          </button>{' '}
                          <button type="button" className="link" onClick={() => void actions.refuseDevice(person, request)}>
                            Refuse
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {person.disabled ? 'Disabled' : person.mustChangePassword ? 'Must choose a password' : 'Active'}
                    {person.username !== admin.username && (
                      <div className="row-actions">
                        <button type="button" className="link" onClick={() => void actions.setDisabled(person, !person.disabled)}>
                          {person.disabled ? 'Enable' : 'Disable'}
                        </button>
                        {!person.disabled && (
                          <button type="button" className="link" onClick={() => void actions.reset(person)}>
                            Reset password
                          </button>
                        )}
                        {person.role !== 'admin' && (
                          <button type="button" className="link" onClick={() => void actions.setKiosk(person, !person.kiosk)}>
                            {person.kiosk ? 'End kiosk account' : 'Make kiosk account'}
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Security log">
        <QueryStatus query={log} what="the security log" />
        <ChainCheck />
        {log.data && <SecurityLogView log={log.data} />}
      </Panel>
      {people.data && (
        <Panel title="Add a person">
          <NewPersonForm
            org={org}
            roles={people.data.gatewayOrganisation.grantableRoles}
            onCreate={(input) =>
              act(async () => {
                const { createPerson } = await client.request(CREATE_PERSON, { input });
                return `${createPerson.username} is registered with the CA; they choose their own password at the first sign-in.`;
              })
            }
          />
        </Panel>
      )}
    </Page>
  );
}

/** The person's role, changed only when the admin confirms the one chosen. */
function RoleChoice({
  label,
  current,
  roles,
  onChange,
}: {
  readonly label: string;
  readonly current: string;
  readonly roles: readonly string[];
  readonly onChange: (role: string) => void;
}) {
  const [chosen, setChosen] = useState(current);
  return (
    <span className="row-actions">
      <select aria-label={label} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleName(r)}
          </option>
        ))}
      </select>
      {chosen !== current && (
        <button type="button" className="link" onClick={() => onChange(chosen)}>
          Change role
        </button>
      )}
    </span>
  );
}

interface NewPerson {
  readonly org: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly password: string;
}

function NewPersonForm({
  org,
  roles,
  onCreate,
}: {
  readonly org: string;
  readonly roles: readonly string[];
  readonly onCreate: (input: NewPerson) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState(roles[0] ?? '');
  const [password, setPassword] = useState('');
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    void onCreate({ org, username: username.trim(), displayName: displayName.trim(), role, password });
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        Username
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      </label>
      <label>
        Full name
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
      </label>
      <label>
        Role
        <select aria-label="Role of the new person" value={role} onChange={(e) => setRole(e.target.value)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </label>
      <PasswordField
        label="First password (they replace it)"
        id="new-person-password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
      />
      <button type="submit" className="primary">
        Add person
      </button>
    </form>
  );
}

/** Whether the chain from the first entry holds, checked when the admin asks. */
function ChainCheck() {
  const { client } = useGraphQL();
  const [check, setCheck] = useState<SecurityLogCheckQuery['securityLogCheck'] | Error>();
  const run = async (): Promise<void> => {
    try {
      setCheck((await client.request(SECURITY_LOG_CHECK, {})).securityLogCheck);
    } catch (error) {
      setCheck(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return (
    <div className="row-actions">
      <button type="button" onClick={() => void run()}>
        Check the hash chain
      </button>
      {check && (
        <p
          className={check instanceof Error || check.brokenAtSeq != null || check.anchor?.holds === false ? 'notice error' : 'notice ok'}
          data-testid="security-log-check"
        >
          {check instanceof Error
            ? check.message
            : check.brokenAtSeq == null
              ? `The hash chain holds over all ${check.events} entries (head ${check.headHash.slice(0, 16)}…).`
              : `The hash chain breaks at entry ${check.brokenAtSeq}: ${check.problem ?? ''}`}{' '}
          {!(check instanceof Error) &&
            (check.anchor == null
              ? 'No head is anchored on the ledger yet.'
              : check.anchor.holds
                ? `The head the ledger anchored (entry ${check.anchor.seq}, ${new Date(check.anchor.anchoredAt).toLocaleString()}) is still there.`
                : `Against the ledger's anchor: ${check.anchor.problem ?? ''}`)}
        </p>
      )}
    </div>
  );
}

/** The newest entries. */
function SecurityLogView({ log }: { readonly log: SecurityLogQuery }) {
  return (
    <>
      <table data-testid="security-log">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Event</th>
            <th>Who</th>
            <th>About</th>
            <th>From</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {log.securityLog.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>
                <Instant at={entry.recordedAt} />
              </td>
              <td>{entry.event}</td>
              <td>{entry.actor ?? <span className="muted">unknown name</span>}</td>
              <td>{entry.subject ?? ''}</td>
              <td>{entry.clientAddress ?? ''}</td>
              <td>{entry.detail.map((d) => `${d.name}: ${d.value}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
