// The rules each jurisdiction's plasma is held to, as the ledger holds them (one governed record per jurisdiction): hold,
// clock tolerance, late entry, donor interval, storage and excursion limits, look-back window, mandatory tests, and
// who changed them last with the regulator's signature. The regulator changes a jurisdiction's rules here: every rule
// as it stands, edited, with a reason, then signed (meaning rule-change); the ledger takes the change only with both
// the regulator's and the factory's endorsement and checks each rule's range.
import { useState } from 'react';
import type { FailedRetestOutcome } from '@plasma/chaincode/browser';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useQuery } from '../../graphql/use-query';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { SignDialog } from '../../signatures/SignDialog';
import { Signatures } from '../../signatures/Signatures';
import { Facts } from '../../ui/Facts';
import { ChoiceSelect } from '../../ui/ChoiceSelect';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import {
  ALLOWANCE_RULES,
  FAILED_RETEST,
  formOf,
  notANumber,
  numberOf,
  NUMBER_RULES,
  rulesOf,
  TEST_SUBJECTS,
  type RulesForm,
} from './rule-terms';
import { CHANGE_RULE_SET, RULE_SET_VERSION, RULE_SETS, type RuleSet } from './rules-operations';

/** What a number field says while it holds none. */
const numberProblem = (text: string): string | undefined => (Number.isNaN(numberOf(text)) ? 'must be a number' : undefined);

const entries = <K extends string, V>(record: Readonly<Record<K, V>>): [K, V][] => Object.entries(record) as [K, V][];

export function RulesPage() {
  const session = useSession();
  const query = useQuery(RULE_SETS, {});
  const changes = session.may('RuleSet:ChangeRuleSet');
  return (
    <Page kicker="Rules" title="Each jurisdiction's governed rules">
      <QueryStatus query={query} what="the rule sets" />
      {query.data?.ruleSets.map((ruleSet) => (
        <Panel key={ruleSet.jurisdiction} title={`${ruleSet.jurisdiction}, version ${ruleSet.version}`}>
          <div data-testid={`rule-set-${ruleSet.jurisdiction}`}>
            <RuleSetFacts ruleSet={ruleSet} />
          </div>
          {/* A new version starts a new form from its rules. */}
          {changes && <ChangeRules key={ruleSet.version} ruleSet={ruleSet} onChanged={query.reload} />}
        </Panel>
      ))}
    </Page>
  );
}

function RuleSetFacts({ ruleSet }: { readonly ruleSet: RuleSet }) {
  return (
    <>
      <Facts
        items={[
          ...entries(NUMBER_RULES).map(([rule, [label, unit]]) => [label, `${ruleSet[rule]} ${unit}`] as const),
          ...entries(ALLOWANCE_RULES).map(([rule, [label, unit]]) => [label, `${ruleSet.excursionAllowance[rule]} ${unit}`] as const),
          ['A failed re-test at the factory', FAILED_RETEST[ruleSet.failedRetest as FailedRetestOutcome]],
          ['The later negative donation may come from', ruleSet.laterNegativeFromAnyStation ? 'any station' : "the bag's own station"],
          ...entries(TEST_SUBJECTS).map(([subject, label]) => [label, ruleSet.mandatoryTests[subject].join(', ')] as const),
        ]}
      />
      <p className="muted">
        Version {ruleSet.version}, <Instant at={ruleSet.lastChange.at} /> by {ruleSet.lastChange.by.name} of {ruleSet.lastChange.by.mspId}:{' '}
        {ruleSet.reason}
      </p>
      {ruleSet.approval && <Signatures signatures={[ruleSet.approval]} />}
    </>
  );
}

/** The regulator's change: every rule as it stands, edited, and why; then their signature. */
function ChangeRules(props: { readonly ruleSet: RuleSet; readonly onChanged: () => void }) {
  const { client } = useGraphQL();
  const { jurisdiction, version } = props.ruleSet;
  const [form, setForm] = useState<RulesForm>(() => formOf(props.ruleSet));
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState(false);
  /** The ledger's refusal of one rule, shown beside it (the signing dialog closes: the rule is to be changed first). */
  const [refusal, setRefusal] = useState<GraphQLFailure>();
  const incomplete = notANumber(form) !== undefined || reason.trim() === '';
  const id = (field: string): string => `rules-${jurisdiction}-${field}`;
  /** The refusal of the rule at `path` under change.rules (excursionAllowance.maxHours, mandatoryTests.pool[2]…). */
  const refused = (path: string): string | undefined => {
    const field = refusal?.field?.replace(/^change\.rules\./, '');
    return field !== undefined && (field === path || field.startsWith(`${path}[`)) ? refusal?.message : undefined;
  };

  const sign = async (password: string): Promise<void> => {
    setRefusal(undefined);
    try {
      await client.request(CHANGE_RULE_SET, {
        jurisdiction,
        change: { fromVersion: version, rules: rulesOf(form), reason: reason.trim() },
        password,
      });
    } catch (error) {
      if (error instanceof GraphQLFailure && error.field?.startsWith('change.rules.')) {
        setRefusal(error);
        return;
      }
      throw error;
    }
    await untilIndexed(async () => ((await client.request(RULE_SET_VERSION, { jurisdiction })).ruleSet?.version ?? 0) > version);
    setReason('');
    props.onChanged();
  };

  return (
    <details data-testid={`change-rules-${jurisdiction}`}>
      <summary>Change the rules of {jurisdiction}</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setSigning(true);
        }}
      >
        {entries(NUMBER_RULES).map(([rule, [label, unit]]) => (
          <Field key={rule} label={`${label} (${unit})`} id={id(rule)} problem={numberProblem(form.numbers[rule]) ?? refused(rule)}>
            <input
              id={id(rule)}
              inputMode="decimal"
              value={form.numbers[rule]}
              onChange={(e) => setForm({ ...form, numbers: { ...form.numbers, [rule]: e.target.value } })}
            />
          </Field>
        ))}
        {entries(ALLOWANCE_RULES).map(([rule, [label, unit]]) => (
          <Field
            key={rule}
            label={`${label} (${unit})`}
            id={id(rule)}
            problem={numberProblem(form.allowance[rule]) ?? refused(`excursionAllowance.${rule}`)}
          >
            <input
              id={id(rule)}
              inputMode="decimal"
              value={form.allowance[rule]}
              onChange={(e) => setForm({ ...form, allowance: { ...form.allowance, [rule]: e.target.value } })}
            />
          </Field>
        ))}
        <Field label="A failed re-test at the factory" id={id('failedRetest')} problem={refused('failedRetest')}>
          <ChoiceSelect
            id={id('failedRetest')}
            choices={FAILED_RETEST}
            value={form.failedRetest}
            onChange={(outcome) => outcome && setForm({ ...form, failedRetest: outcome })}
          />
        </Field>
        <Field label="The later negative donation may come from any station" id={id('laterNegativeFromAnyStation')}>
          <input
            id={id('laterNegativeFromAnyStation')}
            type="checkbox"
            checked={form.laterNegativeFromAnyStation}
            onChange={(e) => setForm({ ...form, laterNegativeFromAnyStation: e.target.checked })}
          />
        </Field>
        {entries(TEST_SUBJECTS).map(([subject, label]) => (
          <Field
            key={subject}
            label={`${label} (separated by commas)`}
            id={id(`tests-${subject}`)}
            problem={refused(`mandatoryTests.${subject}`)}
          >
            <input
              id={id(`tests-${subject}`)}
              value={form.tests[subject]}
              onChange={(e) => setForm({ ...form, tests: { ...form.tests, [subject]: e.target.value } })}
            />
          </Field>
        ))}
        <Field label="Reason for the change" id={id('reason')}>
          <input id={id('reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={incomplete}>
          Sign the change…
        </button>
      </form>
      {signing && (
        <SignDialog meaning="rule-change" onSign={sign} onClose={() => setSigning(false)}>
          <div>
            Change the rules of {jurisdiction} from version {version} to {version + 1}
          </div>
          <div className="muted">Reason: {reason.trim()}</div>
        </SignDialog>
      )}
    </details>
  );
}
