// Where the vials of the affected lots went, for a look-back's recall: first each consignee with what it received,
// then each lot with its cases (SSCC), the vials in each, and the shipment that carried each case (to whom, when);
// vials not yet packed are still at the factory. Printed with the report.
import { paths } from '../../app/object-paths';
import type { LotDistributionQuery } from '../../graphql/generated/operations';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { LOT_DISTRIBUTION } from './look-back-operations';

/** A lot's vials: packed into cases, each case shipped or not. */
type LotDistribution = LotDistributionQuery['lotDistribution'][number];

const count = (n: number): string => n.toLocaleString('en');

interface Consignee {
  readonly name: string;
  readonly shipments: Set<string>;
  cases: number;
  vials: number;
  lots: Set<string>;
  firstShippedAt: string;
  lastShippedAt: string;
}

function byConsignee(lots: readonly LotDistribution[]): Consignee[] {
  const consignees = new Map<string, Consignee>();
  for (const lot of lots) {
    for (const c of lot.cases) {
      if (!c.shipment) continue;
      const { destination: name, shipmentId, shippedAt } = c.shipment;
      const entry = consignees.get(name) ?? {
        name,
        shipments: new Set(),
        cases: 0,
        vials: 0,
        lots: new Set(),
        firstShippedAt: shippedAt,
        lastShippedAt: shippedAt,
      };
      entry.shipments.add(shipmentId);
      entry.lots.add(lot.lotId);
      entry.cases += 1;
      entry.vials += c.count;
      if (shippedAt < entry.firstShippedAt) entry.firstShippedAt = shippedAt;
      if (shippedAt > entry.lastShippedAt) entry.lastShippedAt = shippedAt;
      consignees.set(name, entry);
    }
  }
  return [...consignees.values()].sort((a, b) => b.vials - a.vials || a.name.localeCompare(b.name));
}

function LotCases({ lot }: { readonly lot: LotDistribution }) {
  const unpacked = lot.unitCount - lot.packedUnitCount;
  return (
    <section className="lot-distribution" data-testid="lot-distribution" data-lot={lot.lotId}>
      <h3>
        <Link to={paths.lotRelease(lot.lotId)}>Lot {lot.lotId}</Link> {lot.status && <StatusBadge status={lot.status} />}
      </h3>
      <p data-testid="lot-distribution-summary">
        {lot.status === null ? (
          'No such lot is recorded.'
        ) : (
          <>
            {count(lot.unitCount)} vials: {count(lot.shippedUnitCount)} shipped, {count(lot.packedUnitCount - lot.shippedUnitCount)} packed
            at the factory, {count(unpacked)} not packed (at the factory).
          </>
        )}
      </p>
      {lot.cases.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Case (SSCC)</th>
                <th>Vials</th>
                <th>Packed</th>
                <th>Status</th>
                <th>Shipment</th>
                <th>Consignee</th>
                <th>Shipped</th>
              </tr>
            </thead>
            <tbody>
              {lot.cases.map((c) => (
                <tr key={c.caseCode} data-testid="shipped-case">
                  <td>
                    <code>{c.caseCode}</code>
                  </td>
                  <td>
                    {count(c.count)}
                    <details>
                      <summary className="muted">codes</summary>
                      <ul className="plain">
                        {c.units.map((u) => (
                          <li key={u}>
                            <Link to={paths.vial(u)}>
                              <code>{u}</code>
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                  <td>
                    <Instant at={c.packedAt} />
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{c.shipment ? <code>{c.shipment.shipmentId}</code> : <span className="muted">—</span>}</td>
                  <td>{c.shipment?.destination ?? <span className="muted">at the factory</span>}</td>
                  <td>{c.shipment ? <Instant at={c.shipment.shippedAt} /> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function WhereVialsWent({ lotIds }: { readonly lotIds: readonly string[] }) {
  const query = useQuery(LOT_DISTRIBUTION, { lotIds }, { skip: lotIds.length === 0 });
  if (lotIds.length === 0) return <p className="muted">No lot was made from the donor's plasma, so no vial went anywhere.</p>;
  const lots = query.data?.lotDistribution;
  const consignees = lots ? byConsignee(lots) : [];
  return (
    <div data-testid="where-vials-went">
      <QueryStatus query={query} what="where the vials went" />
      {lots && (
        <>
          <h3>Consignees ({consignees.length})</h3>
          {consignees.length === 0 ? (
            <p data-testid="no-consignee">No case of these lots has been shipped: every vial is still at the factory.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="consignees">
                <thead>
                  <tr>
                    <th>Consignee</th>
                    <th>Vials</th>
                    <th>Cases</th>
                    <th>Shipments</th>
                    <th>Lots</th>
                    <th>Shipped</th>
                  </tr>
                </thead>
                <tbody>
                  {consignees.map((c) => (
                    <tr key={c.name} data-testid="consignee">
                      <td>
                        <strong>{c.name}</strong>
                      </td>
                      <td>{count(c.vials)}</td>
                      <td>{count(c.cases)}</td>
                      <td>
                        {[...c.shipments].map((s) => (
                          <div key={s}>
                            <code>{s}</code>
                          </div>
                        ))}
                      </td>
                      <td>{[...c.lots].join(', ')}</td>
                      <td>
                        <Instant at={c.firstShippedAt} />
                        {c.lastShippedAt !== c.firstShippedAt && (
                          <>
                            {' '}
                            – <Instant at={c.lastShippedAt} />
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {lots.map((lot) => (
            <LotCases key={lot.lotId} lot={lot} />
          ))}
        </>
      )}
    </div>
  );
}
