// The audit trail across the ledger (004 §7.1.2: viewable by time, business object or event), for a time
// range or one object, one event, person or organisation, exportable as CSV or JSON, and printed with the query it
// answers, when and by whom; and what it covers (004 §7.1.2a the audited objects, §7.1.3c the meanings of signatures),
// from the chaincode's own lists.
import { useMemo, useState, type SubmitEvent } from 'react';
import { AUDIT_TRAIL, type AuditScope } from '../../audit/audit-operations';
import { SIGNATURE_MEANINGS } from '@plasma/chaincode/browser';
import { AUDITED_OBJECT_TYPES } from '../../audit/object-types';
import { AuditTrail } from '../../audit/AuditTrail';
import { ExportButtons } from '../../audit/ExportButtons';
import { useQuery } from '../../graphql/use-query';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { localInputValue } from '../../ui/local-time';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { meaningText } from '../../signatures/signature-meanings';

const DAY_MS = 24 * 3600 * 1000;
/** The most changes the page reads at once: one per object a transaction changed. */
const TRAIL_LIMIT = 500;

/** The query a printed trail answers, in words: each filter it was asked with. */
function scopeText(scope: AuditScope): string {
  const instant = (at: unknown): string => new Date(String(at)).toLocaleString();
  const parts = [
    scope.objectType && `object type ${scope.objectType}`,
    scope.objectId && `object ${scope.objectId}`,
    scope.event && `event ${scope.event}`,
    scope.who && `person ${scope.who}`,
    scope.organisation && `organisation ${scope.organisation}`,
    scope.from && `from ${instant(scope.from)}`,
    scope.to && `until ${instant(scope.to)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'the whole ledger';
}

export function AuditPage() {
  const { person } = useSession();
  const [form, setForm] = useState({
    objectType: '',
    objectId: '',
    event: '',
    who: '',
    organisation: '',
    from: localInputValue(Date.now() - DAY_MS),
    to: '',
  });
  const [scope, setScope] = useState<AuditScope>({ from: new Date(Date.now() - DAY_MS).toISOString(), limit: TRAIL_LIMIT });
  const query = useQuery(AUDIT_TRAIL, scope);
  // When the trail on the page was read: what a printout of it states.
  const readAt = useMemo(() => (query.data ? new Date().toISOString() : undefined), [query.data]);

  const apply = (event: SubmitEvent): void => {
    event.preventDefault();
    setScope({
      ...(form.objectType ? { objectType: form.objectType } : {}),
      ...(form.objectId.trim() ? { objectId: form.objectId.trim() } : {}),
      ...(form.event.trim() ? { event: form.event.trim() } : {}),
      ...(form.who.trim() ? { who: form.who.trim() } : {}),
      ...(form.organisation.trim() ? { organisation: form.organisation.trim() } : {}),
      ...(form.from ? { from: new Date(form.from).toISOString() } : {}),
      ...(form.to ? { to: new Date(form.to).toISOString() } : {}),
      limit: TRAIL_LIMIT,
    });
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });

  return (
    <Page
      kicker="Audit trail"
      title="Who changed what, when and why"
      actions={
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      }
    >
      <Panel>
        <form className="filters" onSubmit={apply}>
          <label>
            Object type
            <select value={form.objectType} onChange={set('objectType')}>
              <option value="">any</option>
              {AUDITED_OBJECT_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label>
            Object id
            <input value={form.objectId} onChange={set('objectId')} placeholder="e.g. G100126979701" />
          </label>
          <label>
            Event
            <input value={form.event} onChange={set('event')} placeholder="e.g. DonationScreened" />
          </label>
          <label>
            Person
            <input value={form.who} onChange={set('who')} placeholder="e.g. stationqa1" />
          </label>
          <label>
            Organisation
            <input value={form.organisation} onChange={set('organisation')} placeholder="e.g. StationAMSP" />
          </label>
          <label>
            From
            <input type="datetime-local" value={form.from} onChange={set('from')} />
          </label>
          <label>
            To
            <input type="datetime-local" value={form.to} onChange={set('to')} />
          </label>
          <button type="submit" className="primary">
            Show
          </button>
        </form>
      </Panel>
      <Panel
        title={query.data ? `${query.data.auditTrail.length}${query.data.auditTrail.length === TRAIL_LIMIT ? '+' : ''} changes` : 'Changes'}
        aside={<ExportButtons scope={scope} name="audit-trail" />}
      >
        <QueryStatus query={query} what="the audit trail" />
        {query.data && (
          <p className="print-only" data-testid="audit-print-heading">
            The audit trail of {scopeText(scope)}:{' '}
            {query.data.auditTrail.length < TRAIL_LIMIT
              ? `${query.data.auditTrail.length} changes`
              : `the first ${TRAIL_LIMIT} changes only (the trail holds more: narrow the query to print them all)`}
            , read <Instant at={readAt} /> from {person.organisation.name}&apos;s projection of the ledger by {person.displayName}, signed
            in as {person.username}. Each change names its transaction and block; verification proves an object&apos;s trail against the
            ledger.
          </p>
        )}
        {query.data && <AuditTrail entries={query.data.auditTrail} showObject />}
      </Panel>
      <Panel title="What the trail covers">
        <div className="columns" data-testid="audit-coverage">
          <div>
            <h3>Objects whose every change is recorded</h3>
            <ul className="plain">
              {AUDITED_OBJECT_TYPES.map((type) => (
                <li key={type}>
                  <code>{type}</code>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>What each electronic signature means</h3>
            <ul className="plain">
              {SIGNATURE_MEANINGS.map((meaning) => (
                <li key={meaning}>
                  <code>{meaning}</code>: {meaningText(meaning)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </Panel>
    </Page>
  );
}
