// A laboratory result entered by the laboratory that made it (the factory's QC for a received bag's re-test, a pool's
// NAT and a lot's QC; the regulator's lot-release laboratory for lots): what was measured, how, against which
// specification, the conclusion, and the raw data file, stored off-chain first and cited by its SHA-256. A fail is
// always out of specification (OOS), which opens an investigation; the ledger applies the consequence (a lot on hold,
// a re-tested bag rejected or held as the jurisdiction's rules say) and names any field it refuses.
import { useState, type SubmitEvent } from 'react';
import { storeFile } from '../documents/store-file';
import type { TestSubjectKind } from '../graphql/generated/operations';
import { useGraphQL } from '../graphql/graphql-context';
import { useSubmission } from '../graphql/use-submission';
import { untilIndexed } from '../ledger/until-indexed';
import { Field } from '../ui/Field';
import { localInputSeconds } from '../ui/local-time';
import { RECORD_TEST_RESULT, SUBJECT_TESTS } from './laboratory-operations';
import { SubmitRow } from '../ui/SubmitRow';

const EMPTY = {
  analyte: '',
  method: '',
  result: '',
  value: '',
  unit: '',
  specification: '',
  conclusion: 'pass' as 'pass' | 'fail',
  oos: false,
  lab: '',
  instrument: '',
};
type Form = typeof EMPTY;
const LABELS = {
  analyte: 'Analyte',
  method: 'Method',
  result: 'Result as reported',
  value: 'Value (optional)',
  unit: 'Unit (optional)',
  specification: 'Specification',
  lab: 'Laboratory',
  instrument: 'Instrument',
} as const;
/** The fields a person types, each required but value and unit. */
const TYPED: readonly (keyof typeof LABELS)[] = ['analyte', 'method', 'result', 'value', 'unit', 'specification', 'lab', 'instrument'];
const OPTIONAL: ReadonlySet<keyof Form> = new Set(['value', 'unit']);
/** The fields a refusal may name, as the ledger (testResult.…), the gateway (result.rawDataHash) and storeDocument do. */
const REFUSABLE = [
  ...[...TYPED, 'conclusion', 'testedAt', 'rawDataHash'].flatMap((field) => [`testResult.${field}`, `result.${field}`]),
  'contentBase64',
];

export function RecordTestResult(props: {
  readonly kind: TestSubjectKind;
  readonly id: string;
  /** The analytes the subject's jurisdiction asks for, offered as the analyte is typed. */
  readonly mandatory: readonly string[];
  readonly onRecorded: () => void;
}) {
  const { client } = useGraphQL();
  const [form, setForm] = useState<Form>(EMPTY);
  const [testedAt, setTestedAt] = useState(() => localInputSeconds(Date.now()));
  const [rawData, setRawData] = useState<File>();
  const { submit, busy, fieldProblem, general } = useSubmission(REFUSABLE);
  /** Counts the results recorded here: a new form (its file field emptied) after each. */
  const [recorded, setRecorded] = useState(0);
  const fieldId = (field: string): string => `test-${props.id}-${field}`;
  /** A refusal of one field, shown beside it: the ledger names it testResult.analyte, the gateway result.rawDataHash. */
  const problemOf = (field: string): string | undefined =>
    fieldProblem(`testResult.${field}`) ?? fieldProblem(`result.${field}`) ?? fieldProblem(field);
  // A value that is no number is named before anything is stored (GraphQL would send it as null).
  const valueProblem = form.value.trim() !== '' && Number.isNaN(Number(form.value)) ? 'must be a number, e.g. 0.25' : undefined;
  const complete =
    TYPED.every((field) => OPTIONAL.has(field) || form[field].trim() !== '') &&
    valueProblem === undefined &&
    rawData !== undefined &&
    testedAt !== '';

  const record = (event: SubmitEvent): void => {
    event.preventDefault();
    if (rawData === undefined) return;
    void submit(
      async () => {
        const rawDataHash = await storeFile(client, rawData);
        const value = form.value.trim();
        const { recordTestResult } = await client.request(RECORD_TEST_RESULT, {
          result: {
            subject: { kind: props.kind.toLowerCase(), id: props.id },
            analyte: form.analyte.trim(),
            method: form.method.trim(),
            result: form.result.trim(),
            ...(value === '' ? {} : { value: Number(value) }),
            ...(form.unit.trim() === '' ? {} : { unit: form.unit.trim() }),
            specification: form.specification.trim(),
            conclusion: form.conclusion,
            oos: form.conclusion === 'fail' || form.oos,
            lab: form.lab.trim(),
            instrument: form.instrument.trim(),
            rawDataHash,
            testedAt: new Date(testedAt).toISOString(),
          },
        });
        const { resultId } = recordTestResult;
        await untilIndexed(async () =>
          (await client.request(SUBJECT_TESTS, { kind: props.kind, id: props.id, assessed: false })).testResults.some(
            (r) => r.resultId === resultId,
          ),
        );
      },
      () => {
        setForm(EMPTY);
        setRawData(undefined);
        setTestedAt(localInputSeconds(Date.now()));
        setRecorded((n) => n + 1);
        props.onRecorded();
      },
    );
  };

  return (
    <details data-testid={`record-test-result-${props.id}`}>
      <summary>Record a result</summary>
      <form key={recorded} className="form" onSubmit={record}>
        {TYPED.map((field) => (
          <Field
            key={field}
            label={LABELS[field]}
            id={fieldId(field)}
            problem={field === 'value' ? (valueProblem ?? problemOf(field)) : problemOf(field)}
          >
            <input
              id={fieldId(field)}
              value={form[field]}
              inputMode={field === 'value' ? 'decimal' : undefined}
              list={field === 'analyte' && props.mandatory.length > 0 ? fieldId('analytes') : undefined}
              onChange={(e) => setForm({ ...form, [field]: e.target.value })}
            />
          </Field>
        ))}
        <datalist id={fieldId('analytes')}>
          {props.mandatory.map((analyte) => (
            <option key={analyte} value={analyte} />
          ))}
        </datalist>
        <Field label="Conclusion" id={fieldId('conclusion')} problem={problemOf('conclusion')}>
          <select
            id={fieldId('conclusion')}
            value={form.conclusion}
            onChange={(e) => setForm({ ...form, conclusion: e.target.value as Form['conclusion'] })}
          >
            <option value="pass">pass</option>
            <option value="fail">fail</option>
          </select>
        </Field>
        <Field label="Out of specification (opens an investigation)" id={fieldId('oos')} help="A fail always is.">
          <input
            id={fieldId('oos')}
            type="checkbox"
            checked={form.conclusion === 'fail' || form.oos}
            disabled={form.conclusion === 'fail'}
            onChange={(e) => setForm({ ...form, oos: e.target.checked })}
          />
        </Field>
        <Field label="Tested at" id={fieldId('testedAt')} problem={problemOf('testedAt')}>
          <input id={fieldId('testedAt')} type="datetime-local" step={1} value={testedAt} onChange={(e) => setTestedAt(e.target.value)} />
        </Field>
        <Field
          label="Raw data file"
          id={fieldId('rawData')}
          problem={problemOf('rawDataHash') ?? problemOf('contentBase64')}
          help="Kept off-chain; the ledger cites its SHA-256."
        >
          <input id={fieldId('rawData')} type="file" onChange={(e) => setRawData(e.target.files?.[0])} />
        </Field>
        <SubmitRow general={general} busy={busy} ready={complete} label="Record the result" />
      </form>
    </details>
  );
}
