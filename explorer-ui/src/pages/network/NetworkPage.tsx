// The network: every node of every organisation with its health and its clock against the gateway's (marked when
// beyond the consortium's tolerance), the indexed block height, throughput, and the newest blocks and transactions. Each block the indexer announces reloads the page;
// health is probed on each request, so the page also asks again every 5 s.
import { paths } from '../../app/object-paths';
import { BlockBars } from '../../charts/BlockBars';
import { useInterval } from '../../graphql/use-interval';
import { useQuery } from '../../graphql/use-query';
import { useSubscription } from '../../graphql/use-subscription';
import { Link } from '../../router/router';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { TransactionTable } from '../block/TransactionTable';
import { BLOCK_ADDED, NETWORK_STATUS, type NetworkNode } from './network-operations';
import { ConsortiumRegistry } from './ConsortiumRegistry';

const REFRESH_MS = 5000;
const KIND_ORDER = ['ca', 'orderer', 'peer', 'chaincode'];

function byOrganisation(nodes: readonly NetworkNode[]): [string, NetworkNode[]][] {
  const groups = new Map<string, NetworkNode[]>();
  for (const node of nodes) groups.set(node.organisation, [...(groups.get(node.organisation) ?? []), node]);
  for (const list of groups.values())
    list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
  return [...groups];
}

/** A clock offset as people read it: `+0.4 s`, `0.0 s`, `-3600.0 s`. */
function seconds(offsetMs: number): string {
  const value = (Math.abs(offsetMs) / 1000).toFixed(1);
  return value === '0.0' ? '0.0 s' : `${offsetMs > 0 ? '+' : '-'}${value} s`;
}

function NodeClock({ node, toleranceMs }: { node: NetworkNode; toleranceMs: number }) {
  if (node.clockOffsetMs === null)
    return (
      <span className="muted node-clock" data-testid="clock-offset">
        clock not shown
      </span>
    );
  const beyond = node.clockBeyondTolerance === true;
  return (
    <span
      className={`node-clock ${beyond ? 'beyond' : 'muted'}`}
      data-testid="clock-offset"
      title="the node's clock minus the gateway's, ± 0.5 s"
    >
      clock {seconds(node.clockOffsetMs)}
      {beyond ? ` · beyond the ${toleranceMs / 60_000} min tolerance` : ''}
    </span>
  );
}

export function NetworkPage() {
  const query = useQuery(NETWORK_STATUS, { last: 30 });
  useInterval(query.reload, REFRESH_MS);
  const live = useSubscription(BLOCK_ADDED, {}, query.reload);
  const status = query.data?.networkStatus;
  const healthy = status?.nodes.filter((n) => n.healthy).length ?? 0;
  const clocksBeyond = status?.nodes.filter((n) => n.clockBeyondTolerance === true).length ?? 0;
  const recentTransactions = status?.recentBlocks.flatMap((b) => b.transactions.map((tx) => ({ tx, block: b.number }))).slice(0, 15) ?? [];
  const blockOf = new Map(recentTransactions.map(({ tx, block }) => [tx.id, block]));

  return (
    <Page
      kicker="Network"
      title="Nodes, blocks and throughput"
      actions={
        <span className="muted" data-testid="live">
          {live === 'live'
            ? `Live: each block as it is indexed; health every ${REFRESH_MS / 1000} s`
            : `Refreshes every ${REFRESH_MS / 1000} s`}
        </span>
      }
    >
      <QueryStatus query={query} what="the network status" />
      {status && (
        <>
          <div className="stats">
            <div className="stat">
              <span className="stat-value" data-testid="block-height">
                {status.indexedHeight}
              </span>
              <span className="stat-label">blocks indexed</span>
            </div>
            <div className="stat">
              <span className="stat-value">{status.throughput.toFixed(2)}</span>
              <span className="stat-label">valid tx/s, last minute</span>
            </div>
            <div className="stat">
              <span className={`stat-value ${healthy === status.nodes.length ? '' : 'warn'}`}>
                {healthy}/{status.nodes.length}
              </span>
              <span className="stat-label">nodes healthy</span>
            </div>
            <div className="stat">
              <span className={`stat-value ${clocksBeyond === 0 ? '' : 'warn'}`} data-testid="clocks-beyond">
                {clocksBeyond}
              </span>
              <span className="stat-label">clocks beyond {status.clockToleranceMs / 60_000} min of the gateway's</span>
            </div>
          </div>
          <Panel title="Nodes">
            <div className="orgs">
              {byOrganisation(status.nodes).map(([organisation, nodes]) => (
                <div key={organisation} className="org">
                  <h3>{organisation}</h3>
                  <ul className="nodes">
                    {nodes.map((node) => (
                      <li
                        key={node.name}
                        className={`${node.healthy ? 'up' : 'down'}${node.clockBeyondTolerance ? ' clock-beyond' : ''}`}
                        title={node.address}
                      >
                        <span className="dot" aria-hidden="true" />
                        <span className="node-name">{node.name}</span>
                        <span className="muted">
                          {node.kind} · {node.healthy ? 'healthy' : 'not answering'}
                        </span>
                        <NodeClock node={node} toleranceMs={status.clockToleranceMs} />
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </Panel>
          <div className="grid">
            <Panel title="Transactions per block">
              <BlockBars blocks={status.recentBlocks} />
            </Panel>
            <Panel title="Recent blocks">
              <ul className="plain blocks">
                {status.recentBlocks.slice(0, 8).map((b) => (
                  <li key={b.number}>
                    <Link to={paths.block(b.number)}>#{b.number}</Link> · {b.transactionCount} tx · <Instant at={b.indexedAt} />
                  </li>
                ))}
              </ul>
            </Panel>
          </div>
          <ConsortiumRegistry />
          <Panel title="Recent transactions">
            <TransactionTable transactions={recentTransactions.map(({ tx }) => tx)} blockOf={(tx) => blockOf.get(tx.id) ?? 0} />
          </Panel>
        </>
      )}
    </Page>
  );
}
