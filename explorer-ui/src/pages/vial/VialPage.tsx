// A vial (a serialised unit): its lot, case and status, and its history; its lineage back to the bags one click away.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { RecordFacts } from '../../ledger/RecordFacts';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { UNIT } from './vial-operations';

export function VialPage({ code }: { readonly code: string }) {
  const query = useQuery(UNIT, { code });
  const unit = query.data?.unit;
  return (
    <Page
      kicker="Vial"
      title={<code>{code}</code>}
      actions={
        <>
          {unit && <StatusBadge status={unit.status} />}
          {unit && (
            <Link className="button" to={paths.lot(unit.lotId)}>
              Lot {unit.lotId}
            </Link>
          )}
          <Link className="button" to={paths.lineage('vial', code)}>
            Lineage
          </Link>
        </>
      }
    >
      <QueryStatus query={query} what="the vial" />
      {unit === null && (
        <Panel>
          <p className="notice">No vial {code} is commissioned.</p>
        </Panel>
      )}
      {unit && (
        <div className="grid">
          <Panel title="Vial" className="wide">
            <RecordFacts record={unit} />
            <VerificationBadge objectType="unit" objectId={code} />
          </Panel>
          <ObjectHistory objectType="unit" objectId={code} />
        </div>
      )}
    </Page>
  );
}
