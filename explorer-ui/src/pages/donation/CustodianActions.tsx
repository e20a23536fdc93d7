// What the bag's custodian does with it, on the bag's own page: the station's QA records the screening (every mandatory
// test of the station's jurisdiction, with its result and conclusion; the detail goes to the private collection, only
// the conclusion onto the channel), then its staff store the negative bag frozen; while the bag must be kept frozen,
// its custodian reports a temperature excursion, which puts it on hold, and the custodian's QA resolves the hold with a
// reason. A rejected, held or interdicted bag its custodian's QA destroys, signing the destruction record with their
// password entered again. The ledger decides (a reactive test rejects the bag, a temperature above the storage limit is
// refused, an excursion beyond the allowance cannot be resolved); the page names the rule's field or says the ledger's
// answer.
import { useState, type SubmitEvent } from 'react';
import { DESTROYABLE_STATUSES, DESTRUCTION_SIGNER_ROLE, isKeptCold } from '@plasma/chaincode/browser';
import type { DonationQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { useQuery } from '../../graphql/use-query';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { SignDialog } from '../../signatures/SignDialog';
import { Din } from '../../ui/Din';
import { Field } from '../../ui/Field';
import { localInputSeconds } from '../../ui/local-time';
import { Panel } from '../../ui/Panel';
import { ReasonAction } from '../../ui/ReasonAction';
import {
  DESTROY_DONATION,
  DONATION,
  RECORD_EXCURSION,
  RECORD_SCREENING,
  RECORD_STORAGE,
  RESOLVE_HOLD,
  SCREENING_RULES,
  STATION_RULES,
} from './donation-operations';

type Donation = NonNullable<DonationQuery['donation']>;

/** The registry names no jurisdiction for a member of the default one. */
const DEFAULT_JURISDICTION = 'CN';

export function CustodianActions({ donation, onChanged }: { readonly donation: Donation; readonly onChanged: () => void }) {
  const session = useSession();
  const { client } = useGraphQL();
  const own = session.person.organisation.mspId;
  const station = own === donation.station;
  const custodian = own === (donation.custodian ?? donation.station);
  const screens = station && donation.status === 'collected' && session.may('Donation:RecordScreening');
  const stores = station && donation.status === 'screened' && session.may('Donation:RecordStorage');
  const reportsExcursion = custodian && isKeptCold(donation.status) && session.may('Donation:RecordTemperatureExcursion');
  const resolves =
    custodian && donation.status === 'on-hold' && donation.hold?.kind === 'temperature' && session.may('Donation:ResolveHold');
  const { kind } = session.person.organisation;
  const destroys =
    custodian &&
    (DESTROYABLE_STATUSES as readonly string[]).includes(donation.status) &&
    !donation.poolDin &&
    (kind === 'station' || kind === 'factory') &&
    session.person.role === DESTRUCTION_SIGNER_ROLE[kind] &&
    session.may('Donation:DestroyDonation');
  const needsRules = screens || stores;
  const members = useQuery(STATION_RULES, {}, { skip: !needsRules });
  const jurisdiction =
    members.data?.consortium?.organisations.find((o) => o.mspId === donation.station)?.jurisdiction ?? DEFAULT_JURISDICTION;
  const rules = useQuery(SCREENING_RULES, { jurisdiction }, { skip: members.data === undefined });
  if (!needsRules && !reportsExcursion && !resolves && !destroys) return null;

  // The page reads the projection, a block behind the ledger: wait for the new status before showing it.
  const afterChange = async (): Promise<void> => {
    await untilIndexed(async () => (await client.request(DONATION, { din: donation.din })).donation?.status !== donation.status);
    onChanged();
  };
  const ruleSet = rules.data?.ruleSet;
  const unreadable = rules.error ?? members.error;
  return (
    <Panel title="Custody">
      {needsRules &&
        (ruleSet === undefined || ruleSet === null ? (
          <p className="muted">{unreadable ? `The rule set cannot be read: ${unreadable.message}` : 'Reading the rule set…'}</p>
        ) : screens ? (
          <ScreeningForm
            din={donation.din}
            analytes={ruleSet.mandatoryTests.donation}
            rules={`${ruleSet.jurisdiction} v${ruleSet.version}`}
            onDone={afterChange}
          />
        ) : (
          <StorageForm din={donation.din} limitC={ruleSet.storageLimitC} onDone={afterChange} />
        ))}
      {reportsExcursion && <ExcursionForm din={donation.din} onDone={afterChange} />}
      {resolves && (
        <div className="actions" data-testid="resolve-hold">
          <p className="muted">
            On temperature hold since it was {donation.hold.from}. QA returns it there with a reason when every excursion of the hold lies
            within the rule set&apos;s allowance; otherwise it is to be destroyed.
          </p>
          <ReasonAction
            label="Resolve hold"
            run={(reason) => client.request(RESOLVE_HOLD, { din: donation.din, resolution: { reason } })}
            onDone={() => void afterChange()}
          />
        </div>
      )}
      {destroys && <DestructionForm donation={donation} onDone={afterChange} />}
    </Panel>
  );
}

/** The custodian QA's destruction: how and why, then their signature of the record the ledger binds to the bag as it is. */
function DestructionForm(props: { readonly donation: Donation; readonly onDone: () => Promise<void> }) {
  const { client } = useGraphQL();
  const { din, checkCharacter, status } = props.donation;
  const [destruction, setDestruction] = useState({ method: '', reason: '' });
  const [signing, setSigning] = useState(false);
  const complete = destruction.method.trim() !== '' && destruction.reason.trim() !== '';

  const sign = async (password: string): Promise<void> => {
    const order = { method: destruction.method.trim(), reason: destruction.reason.trim() };
    await client.request(DESTROY_DONATION, { din, destruction: order, password });
    await props.onDone();
  };

  return (
    <details data-testid="destruction-form">
      <summary>Destroy the bag</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setSigning(true);
        }}
      >
        <p className="muted">A {status} bag is destroyed with a signed record: your signature binds the method and reason to it.</p>
        <Field label="Method" id="destruction-method">
          <input
            id="destruction-method"
            value={destruction.method}
            placeholder="autoclave then incineration"
            onChange={(e) => setDestruction({ ...destruction, method: e.target.value })}
          />
        </Field>
        <Field label="Reason" id="destruction-reason">
          <input
            id="destruction-reason"
            value={destruction.reason}
            onChange={(e) => setDestruction({ ...destruction, reason: e.target.value })}
          />
        </Field>
        <button type="submit" className="primary" disabled={!complete}>
          Sign and destroy…
        </button>
      </form>
      {signing && (
        <SignDialog meaning="destruction" onSign={sign} onClose={() => setSigning(false)}>
          <div>
            Destroy bag <Din din={din} checkCharacter={checkCharacter} /> ({status}) by {destruction.method.trim()}
          </div>
          <div className="muted">Reason: {destruction.reason.trim()}</div>
        </SignDialog>
      )}
    </details>
  );
}

function ExcursionForm(props: { readonly din: string; readonly onDone: () => Promise<void> }) {
  const report = useMutation(RECORD_EXCURSION);
  const [form, setForm] = useState({ maxTemperatureC: '', durationHours: '', location: '' });
  const refused = report.error instanceof GraphQLFailure ? report.error : undefined;
  const problemOf = (field: string): string | undefined => (refused?.field === `excursion.${field}` ? refused.message : undefined);
  const numbers = [form.maxTemperatureC, form.durationHours].every((v) => v.trim() !== '' && !Number.isNaN(Number(v)));

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const excursion = {
      maxTemperatureC: Number(form.maxTemperatureC),
      durationHours: Number(form.durationHours),
      location: form.location.trim(),
    };
    if (await report.run({ dins: [props.din], excursion })) await props.onDone();
  };

  return (
    <details data-testid="excursion-form">
      <summary>Report a temperature excursion</summary>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">The bag goes on hold until QA resolves it; warmer than the storage limit only.</p>
        <Field label="Warmest (°C)" id="excursion-max" problem={problemOf('maxTemperatureC')}>
          <input
            id="excursion-max"
            inputMode="decimal"
            value={form.maxTemperatureC}
            onChange={(e) => setForm({ ...form, maxTemperatureC: e.target.value })}
          />
        </Field>
        <Field label="For (hours)" id="excursion-hours" problem={problemOf('durationHours')}>
          <input
            id="excursion-hours"
            inputMode="decimal"
            value={form.durationHours}
            onChange={(e) => setForm({ ...form, durationHours: e.target.value })}
          />
        </Field>
        <Field label="Where" id="excursion-location" problem={problemOf('location')}>
          <input id="excursion-location" value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })} />
        </Field>
        {report.error && !refused?.field?.startsWith('excursion.') && (
          <p className="notice error" role="alert">
            {report.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={report.running || !numbers || form.location.trim() === ''}>
          {report.running ? 'Recording…' : 'Put on hold'}
        </button>
      </form>
    </details>
  );
}

interface TestRow {
  readonly analyte: string;
  method: string;
  result: string;
  conclusion: string;
  instrument: string;
}

function ScreeningForm(props: {
  readonly din: string;
  readonly analytes: readonly string[];
  readonly rules: string;
  readonly onDone: () => Promise<void>;
}) {
  const record = useMutation(RECORD_SCREENING);
  const [lab, setLab] = useState('');
  const [testedAt, setTestedAt] = useState(() => localInputSeconds(Date.now()));
  const [tests, setTests] = useState<TestRow[]>(() =>
    props.analytes.map((analyte) => ({ analyte, method: '', result: '', conclusion: 'negative', instrument: '' })),
  );
  const refused = record.error instanceof GraphQLFailure ? record.error : undefined;
  const problemOf = (field: string): string | undefined => (refused?.field === field ? refused.message : undefined);
  const change = (index: number, field: keyof Omit<TestRow, 'analyte'>, value: string): void =>
    setTests(tests.map((t, i) => (i === index ? { ...t, [field]: value } : t)));
  const complete = lab.trim() !== '' && tests.every((t) => t.method.trim() && t.result.trim() && t.instrument.trim());

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const screening = {
      lab: lab.trim(),
      testedAt: new Date(testedAt).toISOString(),
      tests: tests.map((t) => ({
        analyte: t.analyte,
        method: t.method.trim(),
        result: t.result.trim(),
        conclusion: t.conclusion,
        instrument: t.instrument.trim(),
      })),
    };
    if (await record.run({ din: props.din, screening })) await props.onDone();
  };

  return (
    <form className="form" data-testid="screening-form" onSubmit={(e) => void submit(e)}>
      <p className="muted">
        Screening: every mandatory test of {props.rules}, once each. One reactive test rejects the bag; the results stay in the station's
        and the factories' private collection, the ledger holds the conclusion.
      </p>
      <Field label="Laboratory" id="screening-lab" problem={problemOf('screening.lab')}>
        <input id="screening-lab" value={lab} onChange={(e) => setLab(e.target.value)} />
      </Field>
      <Field label="Tested at" id="screening-tested-at" problem={problemOf('screening.testedAt')}>
        <input id="screening-tested-at" type="datetime-local" step={1} value={testedAt} onChange={(e) => setTestedAt(e.target.value)} />
      </Field>
      <div className="table-wrap">
        <table data-testid="screening-tests">
          <thead>
            <tr>
              <th>Test</th>
              <th>Method</th>
              <th>Result</th>
              <th>Conclusion</th>
              <th>Instrument</th>
            </tr>
          </thead>
          <tbody>
            {tests.map((t, i) => (
              <tr key={t.analyte}>
                <td>{t.analyte}</td>
                <td>
                  <input aria-label={`${t.analyte} method`} value={t.method} onChange={(e) => change(i, 'method', e.target.value)} />
                </td>
                <td>
                  <input aria-label={`${t.analyte} result`} value={t.result} onChange={(e) => change(i, 'result', e.target.value)} />
                </td>
                <td>
                  <select
                    aria-label={`${t.analyte} conclusion`}
                    value={t.conclusion}
                    onChange={(e) => change(i, 'conclusion', e.target.value)}
                  >
                    <option value="negative">negative</option>
                    <option value="reactive">reactive</option>
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`${t.analyte} instrument`}
                    value={t.instrument}
                    onChange={(e) => change(i, 'instrument', e.target.value)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {record.error && !refused?.field?.startsWith('screening.lab') && !refused?.field?.startsWith('screening.testedAt') && (
        <p className="notice error" role="alert">
          {record.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={record.running || !complete}>
        {record.running ? 'Recording…' : 'Record screening'}
      </button>
    </form>
  );
}

function StorageForm(props: { readonly din: string; readonly limitC: number; readonly onDone: () => Promise<void> }) {
  const store = useMutation(RECORD_STORAGE);
  const [location, setLocation] = useState('');
  const [temperature, setTemperature] = useState('');
  const refused = store.error instanceof GraphQLFailure ? store.error : undefined;
  const problemOf = (field: string): string | undefined => (refused?.field === field ? refused.message : undefined);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (await store.run({ dins: [props.din], storage: { location: location.trim(), temperatureC: Number(temperature) } }))
      await props.onDone();
  };

  return (
    <form className="form" data-testid="storage-form" onSubmit={(e) => void submit(e)}>
      <p className="muted">Storage: the screened negative bag frozen, at or below {props.limitC} °C.</p>
      <Field label="Freezer" id="storage-location" problem={problemOf('storage.location')}>
        <input id="storage-location" value={location} onChange={(e) => setLocation(e.target.value)} />
      </Field>
      <Field label="Temperature (°C)" id="storage-temperature" problem={problemOf('storage.temperatureC')}>
        <input id="storage-temperature" inputMode="decimal" value={temperature} onChange={(e) => setTemperature(e.target.value)} />
      </Field>
      {store.error && !refused?.field?.startsWith('storage.') && (
        <p className="notice error" role="alert">
          {store.error.message}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={store.running || location.trim() === '' || temperature.trim() === '' || Number.isNaN(Number(temperature))}
      >
        {store.running ? 'Recording…' : 'Store frozen'}
      </button>
    </form>
  );
}
