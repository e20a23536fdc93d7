// A new version of a product's master batch record, as the factory's QA writes it: the product (its GTIN, or its
// Chinese product code when it has none, and its name), the steps in the order they are done, each with its critical
// parameters (name, unit, lowest and highest value allowed), and the reason for the change. A change starts from the
// version in force and names it, so the ledger refuses it (CONFLICT) when another version came in meanwhile.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { useSubmission } from '../../graphql/use-submission';
import { untilIndexed } from '../../ledger/until-indexed';
import { useRouter } from '../../router/router';
import { Field } from '../../ui/Field';
import { DEFINE_MASTER_RECORD, MASTER_RECORD, type MasterRecord } from './master-record-operations';
import { SubmitRow } from '../../ui/SubmitRow';

interface ParameterForm {
  readonly name: string;
  readonly unit: string;
  readonly min: string;
  readonly max: string;
}
interface StepForm {
  readonly step: string;
  readonly parameters: readonly ParameterForm[];
}

const NO_PARAMETER: ParameterForm = { name: '', unit: '', min: '', max: '' };
const NO_STEP: StepForm = { step: '', parameters: [] };

/** The refusals shown beside a field of this form, as the gateway and the ledger name them. */
const FIELDS = ['productCode', 'change.productName', 'change.steps', 'change.reason'];

/** What a range says while it cannot be sent: a bound that is no number, or a lowest value above the highest. */
function rangeProblem(p: ParameterForm): string | undefined {
  const [min, max] = [Number(p.min), Number(p.max)];
  if (p.min.trim() === '' || !Number.isFinite(min)) return 'the lowest value must be a number';
  if (p.max.trim() === '' || !Number.isFinite(max)) return 'the highest value must be a number';
  if (min > max) return 'the lowest value is above the highest';
  return undefined;
}

export function MasterRecordForm({ from, onDefined }: { readonly from?: MasterRecord; readonly onDefined: () => void }) {
  const { client } = useGraphQL();
  const { navigate } = useRouter();
  const [productCode, setProductCode] = useState(from?.productCode ?? '');
  const [productName, setProductName] = useState(from?.productName ?? '');
  const [steps, setSteps] = useState<readonly StepForm[]>(
    from?.steps.map((s) => ({
      step: s.step,
      parameters: s.parameters.map((p) => ({ name: p.name, unit: p.unit, min: String(p.min), max: String(p.max) })),
    })) ?? [NO_STEP],
  );
  const [reason, setReason] = useState('');
  const { submit, busy, fieldProblem, general } = useSubmission(FIELDS);
  const id = (field: string): string => `master-${from?.productCode ?? 'new'}-${field}`;

  const setStep = (index: number, change: Partial<StepForm>): void =>
    setSteps((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const setParameter = (index: number, at: number, change: Partial<ParameterForm>): void =>
    setStep(index, { parameters: steps[index]!.parameters.map((p, j) => (j === at ? { ...p, ...change } : p)) });
  const problems = steps.flatMap((s, i) =>
    s.parameters.flatMap((p, j) => {
      const problem = p.name.trim() === '' || p.unit.trim() === '' ? 'name and unit are required' : rangeProblem(p);
      return problem === undefined ? [] : [`step ${i + 1}, parameter ${j + 1}: ${problem}`];
    }),
  );
  const complete =
    productCode.trim() !== '' &&
    productName.trim() !== '' &&
    reason.trim() !== '' &&
    steps.length > 0 &&
    steps.every((s) => s.step.trim() !== '') &&
    problems.length === 0;

  const define = (event: SubmitEvent): void => {
    event.preventDefault();
    const code = productCode.trim();
    const change = {
      fromVersion: from?.version ?? 0,
      productName: productName.trim(),
      reason: reason.trim(),
      steps: steps.map((s) => ({
        step: s.step.trim(),
        parameters: s.parameters.map((p) => ({ name: p.name.trim(), unit: p.unit.trim(), min: Number(p.min), max: Number(p.max) })),
      })),
    };
    void submit(
      async () => {
        const { defineMasterBatchRecord } = await client.request(DEFINE_MASTER_RECORD, { productCode: code, change });
        await untilIndexed(
          async () =>
            (await client.request(MASTER_RECORD, { productCode: code })).masterBatchRecord?.version === defineMasterBatchRecord.version,
        );
      },
      () => {
        onDefined();
        navigate(paths.masterRecord(code));
      },
    );
  };

  return (
    <form className="form" onSubmit={define} data-testid="master-record-form">
      <div className="field-row">
        <Field label="Product code" id={id('code')} problem={fieldProblem('productCode')} help="GTIN-14, or the 7-digit CN product code.">
          <input
            id={id('code')}
            value={productCode}
            onChange={(e) => setProductCode(e.target.value)}
            readOnly={from !== undefined}
            inputMode="numeric"
          />
        </Field>
        <Field label="Product name" id={id('name')} problem={fieldProblem('change.productName')}>
          <input id={id('name')} value={productName} onChange={(e) => setProductName(e.target.value)} />
        </Field>
      </div>
      <ol className="master-steps">
        {steps.map((s, i) => (
          <li key={i} data-testid="master-step-form">
            <Field label={`Step ${i + 1}`} id={id(`step-${i}`)}>
              <input id={id(`step-${i}`)} value={s.step} onChange={(e) => setStep(i, { step: e.target.value })} />
            </Field>
            {s.parameters.map((p, j) => (
              <div key={j} className="field-row" data-testid="parameter-form">
                <Field label="Critical parameter" id={id(`step-${i}-p${j}-name`)}>
                  <input id={id(`step-${i}-p${j}-name`)} value={p.name} onChange={(e) => setParameter(i, j, { name: e.target.value })} />
                </Field>
                <Field label="Unit" id={id(`step-${i}-p${j}-unit`)}>
                  <input id={id(`step-${i}-p${j}-unit`)} value={p.unit} onChange={(e) => setParameter(i, j, { unit: e.target.value })} />
                </Field>
                <Field label="Lowest" id={id(`step-${i}-p${j}-min`)}>
                  <input
                    id={id(`step-${i}-p${j}-min`)}
                    value={p.min}
                    inputMode="decimal"
                    onChange={(e) => setParameter(i, j, { min: e.target.value })}
                  />
                </Field>
                <Field label="Highest" id={id(`step-${i}-p${j}-max`)}>
                  <input
                    id={id(`step-${i}-p${j}-max`)}
                    value={p.max}
                    inputMode="decimal"
                    onChange={(e) => setParameter(i, j, { max: e.target.value })}
                  />
                </Field>
                <button type="button" className="quiet" onClick={() => setStep(i, { parameters: s.parameters.filter((_, k) => k !== j) })}>
                  Remove parameter
                </button>
              </div>
            ))}
            <div className="actions">
              <button type="button" onClick={() => setStep(i, { parameters: [...s.parameters, NO_PARAMETER] })}>
                Add a critical parameter
              </button>
              {steps.length > 1 && (
                <button type="button" className="quiet" onClick={() => setSteps((all) => all.filter((_, k) => k !== i))}>
                  Remove step
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={() => setSteps((all) => [...all, NO_STEP])}>
          Add a step
        </button>
      </div>
      {(problems[0] ?? fieldProblem('change.steps')) && <p className="field-problem">{problems[0] ?? fieldProblem('change.steps')}</p>}
      <Field label="Reason for this version" id={id('reason')} problem={fieldProblem('change.reason')}>
        <input id={id('reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <SubmitRow general={general} busy={busy} ready={complete} label={from ? `Make version ${from.version + 1}` : 'Define version 1'} />
    </form>
  );
}
