// The history panels of an object page: its time line beside its audit trail, with export.
import { Panel } from '../ui/Panel';
import { QueryStatus } from '../ui/QueryStatus';
import { AuditTrail } from './AuditTrail';
import { ExportButtons } from './ExportButtons';
import { Timeline } from './Timeline';
import { useAuditTrail } from './use-audit-trail';

export function ObjectHistory({ objectType, objectId }: { readonly objectType: string; readonly objectId: string }) {
  const trail = useAuditTrail(objectType, objectId);
  const entries = trail.data?.auditTrail ?? [];
  // Many-object events list this object besides their main one; the time line shows each transaction once.
  const events = entries.filter((e, i) => entries.findIndex((o) => o.transactionId === e.transactionId) === i);
  return (
    <>
      <Panel title="Time line">
        <QueryStatus query={trail} what="the time line" />
        {trail.data && <Timeline entries={events} />}
      </Panel>
      <Panel
        title="Audit trail"
        aside={<ExportButtons scope={{ objectType, objectId }} name={`audit-${objectType}-${objectId}`} />}
        className="wide"
      >
        <QueryStatus query={trail} what="the audit trail" />
        {trail.data && <AuditTrail entries={entries} />}
      </Panel>
    </>
  );
}
