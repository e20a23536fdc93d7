// The start page: a greeting, the one search box in large, what this person may do here, the alarms to act on and
// what happened lately on the ledger, kept current by the alarm and block subscriptions.
import { RecentAlarms } from '../../alarms/RecentAlarms';
import { sectionsFor } from '../../app/navigation';
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { useSubscription } from '../../graphql/use-subscription';
import { Link } from '../../router/router';
import { SearchBox } from '../../search/SearchBox';
import { roleName } from '../../session/role-names';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { Panel } from '../../ui/Panel';
import { LATEST_BLOCKS } from '../block/block-operations';
import { BLOCK_ADDED } from '../network/network-operations';

const SECTION_HELP: Readonly<Record<string, string>> = {
  '/station/donations/new': 'Scan or type a DIN and record a collected bag.',
  '/station/shipments': 'Build a shipment of frozen bags and dispatch it to the factory.',
  '/lots': "Review a lot's release dossier and sign its release.",
  '/look-backs': 'Start a look-back for a donor who seroconverted and follow it to every vial.',
  '/cold-chain': 'Temperature curves of freezers and shipments, with excursions.',
  '/audit': 'Every change on the ledger: who, what, when, old and new value, reason.',
  '/network': 'Nodes and their health, blocks, transactions and throughput.',
};

export function HomePage() {
  const session = useSession();
  const recent = useQuery(LATEST_BLOCKS, { last: 6 });
  useSubscription(BLOCK_ADDED, {}, recent.reload);
  return (
    <main className="page home">
      <section className="hero">
        <h1>Good to see you, {session.person.displayName}</h1>
        <p className="muted">
          {roleName(session.person.role)} at {session.person.organisation.name}. Find any bag, pool, lot, vial, transaction or block:
        </p>
        <SearchBox />
      </section>
      <div className="tiles">
        {sectionsFor(session).map((section) => (
          <Link key={section.to} to={section.to} className="tile">
            <strong>{section.label}</strong>
            <span className="muted">{SECTION_HELP[section.to]}</span>
          </Link>
        ))}
      </div>
      <div className="grid">
        <RecentAlarms />
        <Panel title="Latest blocks">
          {recent.data && (
            <ul className="plain blocks">
              {recent.data.blocks.map((b) => (
                <li key={b.number}>
                  <Link to={paths.block(b.number)}>#{b.number}</Link> · {b.transactionCount} tx
                  {b.transactions[0]?.function && (
                    <>
                      {' '}
                      · <code>{b.transactions[0].function}</code>
                    </>
                  )}{' '}
                  · <Instant at={b.indexedAt} />
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </main>
  );
}
