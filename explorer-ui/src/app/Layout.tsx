// The frame around every signed-in page: the name, the one search box, the count of recent alarms, the sections
// this person may use, and who is signed in.
import type { ReactNode } from 'react';
import { AlarmCount } from '../alarms/AlarmCount';
import { AlarmFeedProvider } from '../alarms/alarm-feed';
import { Link, useRouter } from '../router/router';
import { SearchBox } from '../search/SearchBox';
import { useSession } from '../session/session';
import { roleName } from '../session/role-names';
import { sectionsFor } from './navigation';

export function Layout({ children }: { readonly children: ReactNode }) {
  const session = useSession();
  const { location } = useRouter();
  const { person } = session;
  return (
    <AlarmFeedProvider>
      <div className="shell">
        <header className="top">
          <Link to="/" className="brand" aria-label="Plasma trace explorer, home">
            <span className="brand-mark" aria-hidden="true" />
            Plasma trace
          </Link>
          <SearchBox />
          <AlarmCount />
          <div className="who" data-testid="who">
            <span className="who-name">{person.displayName}</span>
            <span className="who-role">
              {roleName(person.role)} · {person.organisation.name}
            </span>
            <span className="who-key" data-testid="key-holder">
              {session.keyHolder === 'device'
                ? "Signs with this browser's key"
                : session.keyHolder === 'awaiting-approval'
                  ? `This browser's key waits for approval: code ${session.approvalCode ?? ''}`
                  : 'Signs with the key the gateway keeps'}
            </span>
            <Link to="/devices" className="who-keys">
              Your keys
            </Link>
            <button type="button" className="quiet" onClick={() => void session.logout()}>
              Sign out
            </button>
          </div>
        </header>
        <nav className="sections" aria-label="Sections">
          {sectionsFor(session).map((section) => (
            <Link key={section.to} to={section.to} aria-current={location.path.startsWith(section.to) ? 'page' : undefined}>
              {section.label}
            </Link>
          ))}
        </nav>
        {children}
      </div>
    </AlarmFeedProvider>
  );
}
