// The frame of every page: its title, what it is about, actions on the right, then its panels.
import type { ReactNode } from 'react';

export function Page({
  title,
  kicker,
  actions,
  children,
}: {
  readonly title: ReactNode;
  /** What kind of page this is, above the title: "Donation", "Block". */
  readonly kicker?: string;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <main className="page">
      <header className="page-header">
        <div>
          {kicker && <div className="page-kicker">{kicker}</div>}
          <h1>{title}</h1>
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </main>
  );
}
