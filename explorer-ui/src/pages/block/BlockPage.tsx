// A block of the channel: its hashes (each names the previous, which is what makes the chain), and its
// transactions, valid or not.
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { BLOCK } from './block-operations';
import { TransactionTable } from './TransactionTable';

export function BlockPage({ number }: { readonly number: number }) {
  const query = useQuery(BLOCK, { number });
  const block = query.data?.block;
  return (
    <Page
      kicker="Block"
      title={`#${number}`}
      actions={
        <>
          {number > 0 && (
            <Link className="button" to={paths.block(number - 1)}>
              ← #{number - 1}
            </Link>
          )}
          <Link className="button" to={paths.block(number + 1)}>
            #{number + 1} →
          </Link>
        </>
      }
    >
      <QueryStatus query={query} what="the block" />
      {query.data && block === null && (
        <Panel>
          <p className="notice">Block #{number} is not indexed (yet).</p>
        </Panel>
      )}
      {block && (
        <>
          <Panel title="Block">
            <Facts
              items={[
                ['Data hash', <Hash key="d" value={block.dataHash} keep={16} />],
                ['Previous block hash', <Hash key="p" value={block.previousHash} keep={16} />],
                ['Transactions', block.transactionCount],
                ['Indexed', <Instant key="i" at={block.indexedAt} />],
              ]}
            />
          </Panel>
          <Panel title="Transactions">
            <TransactionTable transactions={block.transactions} />
          </Panel>
        </>
      )}
    </Page>
  );
}
