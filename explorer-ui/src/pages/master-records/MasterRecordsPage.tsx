// Products' master batch records (MBR), as the ledger holds them: each product's manufacturing steps in the order they
// are done, each step's critical process parameters with the range their value must stay in, the version in force and
// every earlier one, who defined it, when and why. Every batch-record step of a lot of the product is checked against
// the version in force when the lot's first step was: a value out of range raises a major deviation. The factory's QA
// defines the first version and each later one here (change control: the version it is made from, the steps in full,
// a reason).
import { useState } from 'react';
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { MASTER_RECORD, MASTER_RECORDS, type MasterRecord } from './master-record-operations';
import { MasterRecordForm } from './MasterRecordForm';

export function MasterRecordsPage({ productCode }: { readonly productCode?: string }) {
  const session = useSession();
  const list = useQuery(MASTER_RECORDS, {});
  const defines = session.may('Lot:DefineMasterBatchRecord');
  const [added, setAdded] = useState(0);
  return (
    <Page kicker="Manufacturing" title="Master batch records">
      <Panel title="Products">
        <QueryStatus query={list} what="the master batch records" />
        {list.data?.masterBatchRecords.length === 0 && <p className="muted">No product has a master batch record yet.</p>}
        {list.data && list.data.masterBatchRecords.length > 0 && (
          <div className="table-wrap">
            <table data-testid="master-records">
              <thead>
                <tr>
                  <th>Product</th>
                  <th>Code</th>
                  <th>Version</th>
                  <th>Steps</th>
                  <th>Factory</th>
                  <th>In force since</th>
                </tr>
              </thead>
              <tbody>
                {list.data.masterBatchRecords.map((record) => (
                  <tr key={record.productCode}>
                    <td>
                      <Link to={paths.masterRecord(record.productCode)}>{record.productName}</Link>
                    </td>
                    <td>
                      <code>{record.productCode}</code>
                    </td>
                    <td>{record.version}</td>
                    <td>{record.steps.length}</td>
                    <td>{record.factory}</td>
                    <td>
                      <Instant at={record.definedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {defines && (
          <details data-testid="define-master-record">
            <summary>Define a product's master batch record</summary>
            <MasterRecordForm
              key={added}
              onDefined={() => {
                setAdded((n) => n + 1);
                list.reload();
              }}
            />
          </details>
        )}
      </Panel>
      {productCode !== undefined && <MasterRecordVersions key={productCode} productCode={productCode} onChanged={list.reload} />}
    </Page>
  );
}

/** One product's MBR: the version in force, or an earlier one chosen; the version in force changed by its factory's QA. */
function MasterRecordVersions({ productCode, onChanged }: { readonly productCode: string; readonly onChanged: () => void }) {
  const session = useSession();
  const inForce = useQuery(MASTER_RECORD, { productCode });
  const [version, setVersion] = useState<number>();
  const earlier = useQuery(MASTER_RECORD, { productCode, version: version ?? 0 }, { skip: version === undefined });
  const current = inForce.data?.masterBatchRecord;
  const shown = version === undefined || version === current?.version ? current : earlier.data?.masterBatchRecord;
  const changes = current != null && session.may('Lot:DefineMasterBatchRecord') && session.person.organisation.mspId === current.factory;
  return (
    <Panel title={current ? `${current.productName} (${productCode})` : productCode}>
      <QueryStatus query={inForce} what="the master batch record" />
      {inForce.data && current === null && <p className="notice">No master batch record of product {productCode} is recorded.</p>}
      {current && (
        <>
          <Field label="Version" id="master-record-version">
            <select id="master-record-version" value={version ?? current.version} onChange={(e) => setVersion(Number(e.target.value))}>
              {Array.from({ length: current.version }, (_, i) => current.version - i).map((v) => (
                <option key={v} value={v}>
                  {v === current.version ? `${v} (in force)` : v}
                </option>
              ))}
            </select>
          </Field>
          {shown === undefined && <QueryStatus query={earlier} what={`version ${version}`} />}
          {shown && <MasterRecordView record={shown} />}
          {changes && (
            <details data-testid="change-master-record">
              <summary>Make a new version</summary>
              {/* A new version in force starts a new form from its steps. */}
              <MasterRecordForm
                key={current.version}
                from={current}
                onDefined={() => {
                  setVersion(undefined);
                  inForce.reload();
                  onChanged();
                }}
              />
            </details>
          )}
        </>
      )}
    </Panel>
  );
}

function MasterRecordView({ record }: { readonly record: MasterRecord }) {
  return (
    <div data-testid="master-record" data-version={record.version}>
      <ol className="master-steps">
        {record.steps.map((step) => (
          <li key={step.step} data-testid="master-step">
            <strong>{step.step}</strong>
            {step.parameters.length === 0 ? (
              <div className="muted">No critical parameter.</div>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Critical parameter</th>
                    <th>Range</th>
                  </tr>
                </thead>
                <tbody>
                  {step.parameters.map((p) => (
                    <tr key={p.name}>
                      <td>{p.name}</td>
                      <td>
                        {p.min} to {p.max} {p.unit}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
      <p className="muted">
        Version {record.version}, <Instant at={record.definedAt} /> by {record.lastChange.by.name} of {record.lastChange.by.mspId}:{' '}
        {record.reason}
      </p>
    </div>
  );
}
