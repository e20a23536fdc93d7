// A transaction: who submitted it, which peers endorsed it, whether it was valid, and the event it emitted,
// with links to the objects it changed.
import { objectPage, paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import type { TransactionQuery } from '../../graphql/generated/operations';
import { TRANSACTION } from './transaction-operations';

export function TransactionPage({ id }: { readonly id: string }) {
  const query = useQuery(TRANSACTION, { id });
  const tx = query.data?.transaction;
  const event = tx?.event ?? undefined;
  const objects = event?.objects ?? [];

  return (
    <Page
      kicker="Transaction"
      title={<Hash value={id} keep={12} />}
      actions={tx && <StatusBadge status={tx.valid ? 'valid' : tx.validationCode} />}
    >
      <QueryStatus query={query} what="the transaction" />
      {query.data && tx === null && (
        <Panel>
          <p className="notice">No transaction {id} is indexed.</p>
        </Panel>
      )}
      {tx && (
        <div className="grid">
          <Panel title="Transaction">
            <Facts
              items={[
                ['Function', <code key="f">{tx.function ?? '—'}</code>],
                ['Chaincode', tx.chaincode ?? '—'],
                ['Submitter', `${tx.submitter} (${tx.organisation})`],
                ['Signed with', signedWith(tx.signingKey)],
                ['Endorsed by', tx.endorsers.join(', ') || '—'],
                ['Time', <Instant key="t" at={tx.createdAt} />],
                [
                  'Block',
                  <Link key="b" to={paths.block(tx.blockNumber)}>
                    #{tx.blockNumber}, position {tx.index}
                  </Link>,
                ],
                ['Validation', tx.validationCode],
              ]}
            />
          </Panel>
          <Panel title="Objects changed">
            {objects.length === 0 ? (
              <p className="muted">None named by its event.</p>
            ) : (
              <ul className="plain">
                {objects.map((o) => {
                  const to = objectPage(o.type, o.id);
                  return (
                    <li key={`${o.type}/${o.id}`}>
                      {o.type}{' '}
                      {to ? (
                        <Link to={to}>
                          <code>{o.id}</code>
                        </Link>
                      ) : (
                        <code>{o.id}</code>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </Panel>
          {event && (
            <Panel title={`Event ${event.type}`} className="wide">
              <Facts
                items={[
                  ['Event', <code key="e">{event.type}</code>],
                  ['Key', <code key="k">{event.key}</code>],
                  ['Time', <Instant key="t" at={event.timestamp} />],
                ]}
              />
            </Panel>
          )}
        </div>
      )}
    </Page>
  );
}

/** Which of the submitter's keys signed, as their own organisation's gateway knows it. */
function signedWith(key: NonNullable<TransactionQuery['transaction']>['signingKey']): string {
  if (!key) return "known to the submitter's organisation";
  if (key.kind === 'DEVICE') return `the key in their device "${key.deviceLabel ?? ''}"`;
  if (key.kind === 'GATEWAY') return 'the key the gateway keeps for them';
  return 'a certificate this gateway no longer holds';
}
