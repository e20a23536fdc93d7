// Guards a page that does something: a person whose role may not do it sees why instead of a form the
// ledger would refuse (they reach it only by typing its address; the sections do not offer it).
import type { ReactNode } from 'react';
import type { Transaction } from '../session/permissions';
import { roleName } from '../session/role-names';
import { useSession } from '../session/session';
import { Page } from '../ui/Page';
import { Panel } from '../ui/Panel';

export function RequirePermission({
  anyOf,
  title,
  children,
}: {
  readonly anyOf: readonly Transaction[];
  readonly title: string;
  readonly children: ReactNode;
}) {
  const session = useSession();
  if (anyOf.some((t) => session.may(t))) return <>{children}</>;
  return (
    <Page title={title}>
      <Panel>
        <p className="notice" data-testid="not-permitted">
          As {roleName(session.person.role)} at {session.person.organisation.name} you may not do this: the role matrix gives{' '}
          <code>{anyOf.join(', ')}</code> to other roles.
        </p>
      </Panel>
    </Page>
  );
}
