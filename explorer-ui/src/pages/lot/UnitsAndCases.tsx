// A lot's serialisation and shipping on its packaging line: the factory's warehouse or production commissions vial
// codes (scanned from the printed labels, each checked here as a code of the lot's product), packs commissioned vials
// into a case under its SSCC, and the warehouse ships packed cases once the lot is released for sale. The ledger
// decides (the lot's status and holds, codes already commissioned or packed) and its refusal is shown beside the field
// it names; the page offers each step only to the lot's own factory, in the roles and statuses the chaincode allows.
import { useState, type SubmitEvent } from 'react';
import { assertCodeOfProduct, MAX_BATCH, parseUnitCode, SSCC_RULE } from '@plasma/chaincode/browser';
import { paths } from '../../app/object-paths';
import type { GraphQLClient } from '../../graphql/client';
import type { LotCasesQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { useSubmission } from '../../graphql/use-submission';
import { untilIndexed } from '../../ledger/until-indexed';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { lotTakes, type LotRecord } from './lot-record';
import { COMMISSION_UNITS, LOT_CASES, PACK_CASE, SHIP_CASES, UNPACKED_UNITS } from './units-operations';
import { SubmitRow } from '../../ui/SubmitRow';

type Distribution = LotCasesQuery['lotDistribution'][number];

/** The projection follows the ledger a block behind: wait until the lot's distribution shows the step. */
const untilDistribution = (client: GraphQLClient, lotId: string, shows: (d: Distribution) => boolean): Promise<void> =>
  untilIndexed(async () => (await client.request(LOT_CASES, { lotId })).lotDistribution.some(shows));

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Each scanned line as the ledger keys the code, or the first line that is not a code of the lot's product. */
function readCodes(text: string, lot: LotRecord): { codes: string[]; problem?: string } {
  const lines = text.split('\n').map((line) => line.trim());
  // GraphQL says null where the chaincode's product leaves a code out.
  const product = { ...lot.product, gtin: lot.product.gtin ?? undefined, cnProductCode: lot.product.cnProductCode ?? undefined };
  const codes: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    try {
      const unit = parseUnitCode(line, `line ${index + 1}`);
      assertCodeOfProduct(unit, product, `line ${index + 1}`);
      if (codes.includes(unit.code)) return { codes, problem: `line ${index + 1}: repeats ${unit.code}` };
      codes.push(unit.code);
    } catch (error) {
      return { codes, problem: error instanceof Error ? error.message.replace(/^VALIDATION: /, '') : String(error) };
    }
  }
  if (codes.length > MAX_BATCH) return { codes, problem: `at most ${MAX_BATCH} codes at a time` };
  return { codes };
}

function CommissionUnits({ lot, unitCount, onDone }: { readonly lot: LotRecord; readonly unitCount: number; readonly onDone: () => void }) {
  const { client } = useGraphQL();
  const [scans, setScans] = useState('');
  const { submit, busy, fieldProblem, general } = useSubmission(['units']);
  const { codes, problem } = readCodes(scans, lot);

  const commission = (event: SubmitEvent): void => {
    event.preventDefault();
    void submit(
      async () => {
        await client.request(COMMISSION_UNITS, { lotId: lot.lotId, units: codes });
        await untilDistribution(client, lot.lotId, (d) => d.unitCount >= unitCount + codes.length);
      },
      () => {
        setScans('');
        onDone();
      },
    );
  };

  return (
    <details data-testid="commission-units">
      <summary>Commission vials</summary>
      <form className="form" onSubmit={commission}>
        <Field
          label="Vial codes"
          id="unit-codes"
          problem={problem ?? fieldProblem('units')}
          help={`Scan each vial's code, one a line: (01)GTIN(21)serial or the 20-digit drug traceability code; at most ${MAX_BATCH}.`}
        >
          <textarea id="unit-codes" value={scans} onChange={(e) => setScans(e.target.value)} rows={5} spellCheck={false} />
        </Field>
        <SubmitRow
          general={general}
          busy={busy}
          ready={codes.length > 0 && problem === undefined}
          label={codes.length === 0 ? 'Commission vials' : `Commission ${plural(codes.length, 'vial')}`}
        />
      </form>
    </details>
  );
}

function PackCase({ lot, onDone }: { readonly lot: LotRecord; readonly onDone: () => void }) {
  const { client } = useGraphQL();
  const query = useQuery(UNPACKED_UNITS, { lotId: lot.lotId });
  const [caseCode, setCaseCode] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { submit, busy, fieldProblem, general } = useSubmission(['case.caseCode', 'case.units']);
  const units = query.data?.unitsOfLot ?? [];
  const typedCode = caseCode.trim();
  const codeProblem = typedCode !== '' && !SSCC_RULE.test(typedCode) ? SSCC_RULE.text : undefined;
  const toggle = (code: string): void =>
    setSelected((now) => {
      const next = new Set(now);
      if (!next.delete(code)) next.add(code);
      return next;
    });

  const pack = (event: SubmitEvent): void => {
    event.preventDefault();
    void submit(
      async () => {
        await client.request(PACK_CASE, { lotId: lot.lotId, shippingCase: { caseCode: typedCode, units: [...selected] } });
        await untilDistribution(client, lot.lotId, (d) => d.cases.some((c) => c.caseCode === typedCode));
      },
      () => {
        setCaseCode('');
        setSelected(new Set());
        onDone();
      },
    );
  };

  return (
    <div data-testid="pack-case">
      <h3>Vials not packed yet</h3>
      <QueryStatus query={query} what="the vials not packed" />
      {query.data && units.length === 0 && <p className="muted">None.</p>}
      {units.length > 0 && (
        <form className="form" onSubmit={pack}>
          <Field label="Case SSCC" id="case-code" problem={codeProblem ?? fieldProblem('case.caseCode')} help="The case label's SSCC-18.">
            <input id="case-code" value={caseCode} onChange={(e) => setCaseCode(e.target.value)} inputMode="numeric" spellCheck={false} />
          </Field>
          <div className="actions">
            <button type="button" onClick={() => setSelected(new Set(units.slice(0, MAX_BATCH).map((u) => u.code)))}>
              Select all
            </button>
            <button
              type="submit"
              className="primary"
              disabled={busy || selected.size === 0 || typedCode === '' || codeProblem !== undefined}
            >
              {busy ? 'Recording…' : `Pack ${plural(selected.size, 'vial')} into the case`}
            </button>
          </div>
          {fieldProblem('case.units') && <p className="field-problem">{fieldProblem('case.units')}</p>}
          {general && (
            <p className="notice error" role="alert">
              {general}
            </p>
          )}
          <ul className="plain" data-testid="unpacked-units">
            {units.map((unit) => (
              <li key={unit.code}>
                <label>
                  <input type="checkbox" checked={selected.has(unit.code)} onChange={() => toggle(unit.code)} />{' '}
                  <Link to={paths.vial(unit.code)}>
                    <code>{unit.code}</code>
                  </Link>
                </label>
              </li>
            ))}
          </ul>
        </form>
      )}
    </div>
  );
}

/** The lot's cases; packed ones offered for shipping when `shippable`. */
function Cases({
  lot,
  cases,
  shippable,
  onDone,
}: {
  readonly lot: LotRecord;
  readonly cases: Distribution['cases'];
  readonly shippable: boolean;
  readonly onDone: () => void;
}) {
  const { client } = useGraphQL();
  const [form, setForm] = useState({ shipmentId: '', destination: '' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { submit, busy, fieldProblem, general } = useSubmission(['shipment.shipmentId', 'shipment.destination', 'shipment.cases']);
  const packed = cases.filter((c) => c.status === 'packed');
  const complete = form.shipmentId.trim() !== '' && form.destination.trim() !== '' && selected.size > 0;

  const ship = (event: SubmitEvent): void => {
    event.preventDefault();
    const shipment = { shipmentId: form.shipmentId.trim(), destination: form.destination.trim(), cases: [...selected] };
    void submit(
      async () => {
        await client.request(SHIP_CASES, { shipment });
        await untilDistribution(client, lot.lotId, (d) =>
          d.cases.some((c) => c.caseCode === shipment.cases[0] && c.shipment?.shipmentId === shipment.shipmentId),
        );
      },
      () => {
        setForm({ shipmentId: '', destination: '' });
        setSelected(new Set());
        onDone();
      },
    );
  };
  const toggle = (code: string): void =>
    setSelected((now) => {
      const next = new Set(now);
      if (!next.delete(code)) next.add(code);
      return next;
    });
  const offered = shippable && packed.length > 0;

  return (
    <form className="form" onSubmit={ship} data-testid="cases">
      <h3>Cases</h3>
      {cases.length === 0 && <p className="muted">No case is packed yet.</p>}
      {cases.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {offered && <th aria-label="Selected" />}
                <th>SSCC</th>
                <th>Vials</th>
                <th>Status</th>
                <th>Packed</th>
                <th>Shipment</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.caseCode} data-testid="case" data-case={c.caseCode}>
                  {offered && (
                    <td>
                      {c.status === 'packed' && (
                        <input
                          type="checkbox"
                          aria-label={`Ship ${c.caseCode}`}
                          checked={selected.has(c.caseCode)}
                          onChange={() => toggle(c.caseCode)}
                        />
                      )}
                    </td>
                  )}
                  <td>
                    <code>{c.caseCode}</code>
                  </td>
                  <td>{c.count}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    <Instant at={c.packedAt} />
                  </td>
                  <td>
                    {c.shipment ? (
                      <>
                        {c.shipment.shipmentId} to {c.shipment.destination}, <Instant at={c.shipment.shippedAt} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {offered && (
        <>
          <div className="field-row">
            <Field label="Shipment number" id="case-shipment-id" problem={fieldProblem('shipment.shipmentId')}>
              <input id="case-shipment-id" value={form.shipmentId} onChange={(e) => setForm({ ...form, shipmentId: e.target.value })} />
            </Field>
            <Field
              label="Consignee"
              id="case-destination"
              problem={fieldProblem('shipment.destination')}
              help="The distributor's name or GLN."
            >
              <input id="case-destination" value={form.destination} onChange={(e) => setForm({ ...form, destination: e.target.value })} />
            </Field>
          </div>
          {fieldProblem('shipment.cases') && <p className="field-problem">{fieldProblem('shipment.cases')}</p>}
          <SubmitRow general={general} busy={busy} ready={complete} label={`Ship ${plural(selected.size, 'case')}`} />
        </>
      )}
    </form>
  );
}

export function UnitsAndCases({ lot }: { readonly lot: LotRecord }) {
  const session = useSession();
  const query = useQuery(LOT_CASES, { lotId: lot.lotId });
  // Each recorded step remounts the packing form, so it reads the vials not packed again.
  const [packings, setPackings] = useState(0);
  const distribution = query.data?.lotDistribution[0];
  // Only the lot's own factory serialises, packs and ships it (the ledger refuses anyone else).
  const own = session.person.organisation.mspId === lot.factory;
  const offers = (transaction: 'Units:CommissionUnits' | 'Units:PackCase' | 'Units:ShipCases', step: Parameters<typeof lotTakes>[1]) =>
    own && session.may(transaction) && lotTakes(lot, step);
  const reload = (): void => {
    query.reload();
    setPackings((n) => n + 1);
  };

  return (
    <div data-testid="units-and-cases">
      <QueryStatus query={query} what="the lot's vials and cases" />
      {distribution && (
        <>
          <dl className="facts">
            <div>
              <dt>Vials commissioned</dt>
              <dd data-testid="unit-count">{distribution.unitCount}</dd>
            </div>
            <div>
              <dt>Packed in cases</dt>
              <dd>{distribution.packedUnitCount}</dd>
            </div>
            <div>
              <dt>Shipped</dt>
              <dd>{distribution.shippedUnitCount}</dd>
            </div>
          </dl>
          {offers('Units:CommissionUnits', 'commission-units') && (
            <CommissionUnits lot={lot} unitCount={distribution.unitCount} onDone={reload} />
          )}
          {offers('Units:PackCase', 'pack-case') && <PackCase key={packings} lot={lot} onDone={reload} />}
          <Cases lot={lot} cases={distribution.cases} shippable={offers('Units:ShipCases', 'ship-cases')} onDone={reload} />
          {own &&
            session.may('Units:ShipCases') &&
            !lotTakes(lot, 'ship-cases') &&
            distribution.cases.some((c) => c.status === 'packed') && (
              <p className="muted">Cases ship once the lot is released by QA and the regulator.</p>
            )}
        </>
      )}
    </div>
  );
}
