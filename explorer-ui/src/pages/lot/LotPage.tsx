// A lot of finished product: status, product, pools, holds, its vials and cases (serialised, packed, shipped), its
// signatures and its history; its release dossier and lineage one click away.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { EpcisExportButton } from '../../epcis/EpcisExportButton';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Signatures } from '../../signatures/Signatures';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { LOT } from './dossier-operations';
import { lotSignatures } from './lot-record';
import { LotSummary } from './LotSummary';
import { UnitsAndCases } from './UnitsAndCases';

export function LotPage({ lotId }: { readonly lotId: string }) {
  const query = useQuery(LOT, { lotId });
  const lot = query.data === undefined ? undefined : (query.data.lot?.lot ?? null);
  return (
    <Page
      kicker="Lot"
      title={lotId}
      actions={
        <>
          {lot && <StatusBadge status={lot.status} />}
          <Link className="button" to={paths.lotRelease(lotId)}>
            Release dossier
          </Link>
          <Link className="button" to={paths.lineage('lot', lotId)}>
            Lineage
          </Link>
          {lot && <EpcisExportButton kind="lot" id={lotId} />}
        </>
      }
    >
      <QueryStatus query={query} what="the lot" />
      {lot === null && (
        <Panel>
          <p className="notice">No lot {lotId} is recorded.</p>
        </Panel>
      )}
      {lot && (
        <div className="grid">
          <Panel title="Lot" className="wide">
            <LotSummary lot={lot} />
            <VerificationBadge objectType="lot" objectId={lotId} />
          </Panel>
          <Panel title="Vials and cases" className="wide">
            <UnitsAndCases lot={lot} />
          </Panel>
          <Panel title="Electronic signatures">
            <Signatures signatures={lotSignatures(lot)} />
          </Panel>
          <ObjectHistory objectType="lot" objectId={lotId} />
        </div>
      )}
    </Page>
  );
}
