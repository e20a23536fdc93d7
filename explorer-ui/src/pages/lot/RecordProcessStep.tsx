// A batch-record step of a lot in process, as production or QA record it: which step (one of the product's master
// batch record, not one before the last recorded, when the product has one), the equipment, when it started and ended,
// each critical parameter's value (its range shown, and a value outside it named before it is sent: the ledger records
// it and raises a major deviation), and the parameter export from the MES, stored off-chain first and cited by its
// SHA-256. The ledger chains the step to the one before it and names any field it refuses.
import { useState, type SubmitEvent } from 'react';
import { storeFile } from '../../documents/store-file';
import type { BatchRecordQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { useSubmission } from '../../graphql/use-submission';
import { untilIndexed } from '../../ledger/until-indexed';
import { Field } from '../../ui/Field';
import { localInputSeconds } from '../../ui/local-time';
import { MASTER_RECORD, type MasterRecord } from '../master-records/master-record-operations';
import { BATCH_RECORD } from './dossier-operations';
import { RECORD_PROCESS_STEP } from './lot-operations';
import type { LotRecord } from './lot-record';
import { SubmitRow } from '../../ui/SubmitRow';

type RecordedStep = BatchRecordQuery['processSteps'][number];

/** The fields a refusal may name: the ledger's processStep.…, the gateway's step.… (parameters, parameterDataHash). */
const REFUSABLE = [
  ...['step', 'equipment', 'start', 'end', 'parameters'].map((field) => `processStep.${field}`),
  'step.parameters',
  'step.parameterDataHash',
];

/**
 * The step the lot's next step is checked after, as the ledger finds it: its last step checked against a master batch
 * record (whose version the lot keeps), or undefined when none was.
 */
const lastChecked = (recorded: readonly RecordedStep[]): RecordedStep | undefined => recorded.findLast((s) => s.masterRecord !== null);

/** The master steps the lot may take next: from the last one checked (rework repeats it), or all from the first. */
function nextMasterSteps(master: MasterRecord, last: RecordedStep | undefined): MasterRecord['steps'] {
  const index = last === undefined ? -1 : master.steps.findIndex((s) => s.step === last.step);
  return master.steps.slice(Math.max(0, index));
}

/** Whether a typed value is outside its parameter's range (bounds included in the range). */
const outside = (value: string, p: MasterRecord['steps'][number]['parameters'][number]): boolean =>
  value.trim() !== '' && Number.isFinite(Number(value)) && (Number(value) < p.min || Number(value) > p.max);

export function RecordProcessStep({
  lot,
  recorded,
  onRecorded,
}: {
  readonly lot: LotRecord;
  readonly recorded: readonly RecordedStep[];
  readonly onRecorded: () => void;
}) {
  const { client } = useGraphQL();
  // The lot keeps the version its first checked step met; before one, the version in force for its product (keyed by
  // its GTIN, or its CN product code when it has none) governs, when the lot's own factory holds it.
  const last = lastChecked(recorded);
  const masterQuery = useQuery(
    MASTER_RECORD,
    last?.masterRecord
      ? { productCode: last.masterRecord.productCode, version: last.masterRecord.version }
      : { productCode: lot.product.gtin ?? lot.product.cnProductCode ?? '' },
  );
  const found = masterQuery.data?.masterBatchRecord;
  const master = found && found.factory === lot.factory ? found : undefined;
  const offered = master ? nextMasterSteps(master, last) : [];
  const [step, setStep] = useState('');
  const [equipment, setEquipment] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState(() => localInputSeconds(Date.now()));
  const [values, setValues] = useState<Readonly<Record<string, string>>>({});
  const [parameterData, setParameterData] = useState<File>();
  const [recordings, setRecordings] = useState(0);
  const { submit, busy, fieldProblem, general } = useSubmission(REFUSABLE);
  const chosen = master ? (offered.find((s) => s.step === step) ?? offered[0]) : undefined;
  const stepName = chosen?.step ?? step.trim();
  const parameters = chosen?.parameters ?? [];
  const valueProblem = (name: string): string | undefined => {
    const value = values[name] ?? '';
    return value.trim() !== '' && !Number.isFinite(Number(value)) ? 'must be a number, e.g. 4.5' : undefined;
  };
  const complete =
    stepName !== '' &&
    equipment.trim() !== '' &&
    start !== '' &&
    end !== '' &&
    parameterData !== undefined &&
    parameters.every((p) => (values[p.name] ?? '').trim() !== '' && valueProblem(p.name) === undefined);

  const record = (event: SubmitEvent): void => {
    event.preventDefault();
    if (parameterData === undefined) return;
    void submit(
      async () => {
        const parameterDataHash = await storeFile(client, parameterData);
        await client.request(RECORD_PROCESS_STEP, {
          lotId: lot.lotId,
          step: {
            step: stepName,
            equipment: equipment.trim(),
            start: new Date(start).toISOString(),
            end: new Date(end).toISOString(),
            parameterDataHash,
            ...(master ? { parameters: parameters.map((p) => ({ name: p.name, value: Number(values[p.name]) })) } : {}),
          },
        });
        await untilIndexed(async () => (await client.request(BATCH_RECORD, { lotId: lot.lotId })).processSteps.length > recorded.length);
      },
      () => {
        setStep('');
        setValues({});
        setParameterData(undefined);
        setEnd(localInputSeconds(Date.now()));
        setRecordings((n) => n + 1);
        onRecorded();
      },
    );
  };

  return (
    <details data-testid="record-process-step">
      <summary>Record a step</summary>
      <form key={recordings} className="form" onSubmit={record}>
        {masterQuery.data && !master && (
          <p className="muted">
            The lot's product has no master batch record of {lot.factory}: the step is recorded as named, its parameters unchecked.
          </p>
        )}
        {master && (
          <p className="muted">
            Checked against master batch record version {master.version} of {master.productName}.
          </p>
        )}
        <Field label="Step" id="process-step" problem={fieldProblem('processStep.step')}>
          {master ? (
            <select
              id="process-step"
              value={stepName}
              onChange={(e) => {
                setStep(e.target.value);
                setValues({});
              }}
            >
              {offered.map((s) => (
                <option key={s.step} value={s.step}>
                  {s.step}
                </option>
              ))}
            </select>
          ) : (
            <input id="process-step" value={step} onChange={(e) => setStep(e.target.value)} />
          )}
        </Field>
        <Field label="Equipment" id="process-equipment" problem={fieldProblem('processStep.equipment')}>
          <input id="process-equipment" value={equipment} onChange={(e) => setEquipment(e.target.value)} />
        </Field>
        <div className="field-row">
          <Field label="Started" id="process-start" problem={fieldProblem('processStep.start')}>
            <input id="process-start" type="datetime-local" step={1} value={start} onChange={(e) => setStart(e.target.value)} />
          </Field>
          <Field label="Ended" id="process-end" problem={fieldProblem('processStep.end')}>
            <input id="process-end" type="datetime-local" step={1} value={end} onChange={(e) => setEnd(e.target.value)} />
          </Field>
        </div>
        {parameters.map((p) => {
          const value = values[p.name] ?? '';
          return (
            <Field
              key={`${stepName}/${p.name}`}
              label={`${p.name} (${p.unit})`}
              id={`process-parameter-${p.name}`}
              problem={valueProblem(p.name) ?? fieldProblem(`processStep.parameters.${p.name}`)}
              help={
                outside(value, p) ? (
                  <span className="warning" data-testid="out-of-range">
                    Outside {p.min} to {p.max} {p.unit}: recording it raises a major deviation.
                  </span>
                ) : (
                  `${p.min} to ${p.max} ${p.unit}`
                )
              }
            >
              <input
                id={`process-parameter-${p.name}`}
                value={value}
                inputMode="decimal"
                onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              />
            </Field>
          );
        })}
        {/* A refusal of the values as a whole (the ledger's), or of one the gateway names by its place in the list. */}
        {(fieldProblem('step.parameters') ??
          (parameters.some((p) => fieldProblem(`processStep.parameters.${p.name}`))
            ? undefined
            : fieldProblem('processStep.parameters'))) && (
          <p className="field-problem">{fieldProblem('step.parameters') ?? fieldProblem('processStep.parameters')}</p>
        )}
        <Field
          label="Parameter data"
          id="process-parameter-data"
          problem={fieldProblem('step.parameterDataHash')}
          help="The step's export from the MES or SCADA, stored with the record."
        >
          <input id="process-parameter-data" type="file" onChange={(e) => setParameterData(e.target.files?.[0])} />
        </Field>
        <SubmitRow general={general} busy={busy} ready={complete} label="Record step" />
      </form>
    </details>
  );
}
