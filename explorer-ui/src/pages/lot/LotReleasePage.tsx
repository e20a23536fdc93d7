// The lot release dossier: everything QA, the QP and the regulator need to release a lot, on one page: the lot,
// its source plasma, batch record, signatures made so far, the actions each person may take, and the audit trail.
// Printable, as the file that goes with the lot.
import { paths } from '../../app/object-paths';
import { AuditTrail } from '../../audit/AuditTrail';
import { useAuditTrail } from '../../audit/use-audit-trail';
import { useQuery } from '../../graphql/use-query';
import { useLedgerObject } from '../../ledger/ledger-object';
import { UPSTREAM_OF_LOT } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { NotServed } from '../../ui/NotServed';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { LotActions } from './LotActions';
import type { LotRecord } from './lot-record';
import { LotSummary } from './LotSummary';
import { ReleaseSigning } from './ReleaseSigning';
import { SourcePlasma } from './SourcePlasma';

export function LotReleasePage({ lotId }: { readonly lotId: string }) {
  const { query, record: lot } = useLedgerObject<LotRecord>('lot', lotId);
  const upstream = useQuery(UPSTREAM_OF_LOT, { lotId });
  const trail = useAuditTrail('lot', lotId);
  const reload = (): void => {
    query.reload();
    trail.reload();
  };

  return (
    <Page kicker="Lot release dossier" title={lotId} actions={<>
      {lot && <StatusBadge status={lot.status} />}
      <Link className="button" to={paths.lot(lotId)}>Lot page</Link>
      <button type="button" onClick={() => window.print()}>Print</button>
    </>}>
      <QueryStatus query={query} what="the lot" />
      {lot === null && <Panel><p className="notice">No lot {lotId} is recorded.</p></Panel>}
      {lot && (
        <div className="dossier">
          <Panel title="1 · Lot and product" aside={<LotActions lot={lot} onChange={reload} />}>
            <LotSummary lot={lot} />
          </Panel>
          <Panel title="2 · Source plasma">
            <QueryStatus query={upstream} what="the source plasma" />
            {upstream.data && <SourcePlasma upstream={upstream.data.upstreamOfLot} />}
            <NotServed what="The pools' NAT results (HBV, HCV, HIV, HAV, B19)" needs={['Query.testResults']} />
          </Panel>
          <Panel title="3 · Electronic batch record">
            <NotServed what="The process steps, their parameters, and the deviations with their CAPA" needs={['Query.processSteps', 'Query.deviations']} />
          </Panel>
          <Panel title="4 · Quality control">
            <NotServed what="Test results against specification, and OOS investigations" needs={['Query.testResults']} />
          </Panel>
          <Panel title="5 · Cold chain">
            <NotServed what="Temperature excursions of the plasma and of the lot" needs={['Query.coldChainExcursions']} />
          </Panel>
          <Panel title="6 · Signatures">
            <ReleaseSigning lot={lot} onSigned={reload} />
          </Panel>
          <Panel title="7 · Audit trail of the lot" className="wide">
            <QueryStatus query={trail} what="the audit trail" />
            {trail.data && <AuditTrail entries={trail.data.auditTrail} />}
          </Panel>
        </div>
      )}
    </Page>
  );
}
