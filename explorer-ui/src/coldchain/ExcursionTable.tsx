// Temperature excursions as a table: which device (and where it stands), when, how warm at the peak against which
// limit, how severe, and the transaction that reported it to the ledger, or why the ledger refused its latest state.
import { paths } from '../app/object-paths';
import { Link } from '../router/router';
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { StatusBadge } from '../ui/StatusBadge';
import type { ColdChainDevice, ColdChainExcursion } from './cold-chain-operations';

const celsius = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)} °C`);

export function ExcursionTable({
  excursions,
  devices = [],
}: {
  readonly excursions: readonly ColdChainExcursion[];
  readonly devices?: readonly ColdChainDevice[];
}) {
  return (
    <div className="table-wrap">
      <table data-testid="excursions">
        <thead>
          <tr>
            <th>Device</th>
            <th>Signal</th>
            <th>Started</th>
            <th>Ended</th>
            <th>Peak</th>
            <th>Limit</th>
            <th>Severity</th>
            <th>On the ledger</th>
          </tr>
        </thead>
        <tbody>
          {excursions.map((e) => {
            const device = devices.find((d) => d.id === e.device);
            return (
              <tr key={e.id} data-testid="excursion">
                <td>
                  <Link to={paths.coldChain(e.device)}>
                    <code>{e.device}</code>
                  </Link>
                  {device && (
                    <div className="muted">
                      {device.kind}, {device.site}
                      {device.location ? `, ${device.location}` : ''}
                    </div>
                  )}
                </td>
                <td>{e.node}</td>
                <td>
                  <Instant at={e.startedAt} />
                </td>
                <td>{e.endedAt ? <Instant at={e.endedAt} /> : <StatusBadge status="still open" />}</td>
                <td>
                  <strong>{celsius(e.peakValue)}</strong>
                </td>
                <td>{celsius(e.limitC)}</td>
                <td>
                  <StatusBadge status={e.severity} />
                </td>
                <td data-testid="excursion-ledger">
                  {e.reportedTxId && (
                    <Link to={paths.transaction(e.reportedTxId)}>
                      <Hash value={e.reportedTxId} keep={6} />
                    </Link>
                  )}
                  {/* A refusal concerns the latest state; an earlier state may still be on the ledger. */}
                  {e.reportRefusal && <StatusBadge status={`refused by the ledger: ${e.reportRefusal}`} tone="stop" />}
                  {!e.reportedTxId && !e.reportRefusal && <span className="muted">not reported yet</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
