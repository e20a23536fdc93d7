// Transactions as rows: what was called, by whom, and whether the network accepted it.
import { paths } from '../../app/object-paths';
import { Link } from '../../router/router';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { StatusBadge } from '../../ui/StatusBadge';
import type { TransactionSummary } from './block-operations';

export function TransactionTable({
  transactions,
  blockOf,
}: {
  readonly transactions: readonly TransactionSummary[];
  /** Shows each transaction's block, for lists across blocks. */
  readonly blockOf?: (tx: TransactionSummary) => number;
}) {
  if (transactions.length === 0) return <p className="muted">No transaction.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {blockOf && <th>Block</th>}
            <th>Transaction</th>
            <th>Function</th>
            <th>Submitter</th>
            <th>Time</th>
            <th>Validation</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((tx) => (
            <tr key={tx.id}>
              {blockOf && (
                <td>
                  <Link to={paths.block(blockOf(tx))}>#{blockOf(tx)}</Link>
                </td>
              )}
              <td>
                <Link to={paths.transaction(tx.id)}>
                  <Hash value={tx.id} keep={8} />
                </Link>
              </td>
              <td>
                <code>{tx.function ?? '—'}</code>
              </td>
              <td>
                {tx.submitter} <span className="muted">{tx.organisation}</span>
              </td>
              <td>
                <Instant at={tx.createdAt} />
              </td>
              <td>
                <StatusBadge status={tx.valid ? 'valid' : tx.validationCode} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
