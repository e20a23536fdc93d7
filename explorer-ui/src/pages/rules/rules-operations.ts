// The jurisdictions' governed rules as the ledger holds them, and the regulator's signed change of one.
import type {
  ChangeRuleSetMutation,
  ChangeRuleSetMutationVariables,
  RuleSetsQuery,
  RuleSetsQueryVariables,
  RuleSetVersionQuery,
  RuleSetVersionQueryVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export type RuleSet = RuleSetsQuery['ruleSets'][number];

export const RULE_SETS = operation<RuleSetsQuery, RuleSetsQueryVariables>(
  /* GraphQL */ `
    query RuleSets {
      ruleSets {
        jurisdiction
        version
        holdDays
        clockToleranceMinutes
        lateEntryHours
        donationIntervalDays
        laterNegativeFromAnyStation
        failedRetest
        storageLimitC
        excursionAllowance {
          maxTemperatureC
          maxHours
          maxCount
        }
        lookBackWindowDays
        mandatoryTests {
          donation
          pool
          lot
        }
        reason
        approval {
          ...SignatureFields
        }
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [SIGNATURE_FIELDS, CHANGE_STAMP_FIELDS],
);

/** The version the projection holds of a jurisdiction's rules: a page waits for its own change to reach it. */
export const RULE_SET_VERSION = operation<RuleSetVersionQuery, RuleSetVersionQueryVariables>(/* GraphQL */ `
  query RuleSetVersion($jurisdiction: String!) {
    ruleSet(jurisdiction: $jurisdiction) {
      version
    }
  }
`);

export const CHANGE_RULE_SET = operation<ChangeRuleSetMutation, ChangeRuleSetMutationVariables>(/* GraphQL */ `
  mutation ChangeRuleSet($jurisdiction: String!, $change: RuleChangeInput!, $password: String!) {
    changeRuleSet(jurisdiction: $jurisdiction, change: $change, password: $password) {
      jurisdiction
      version
    }
  }
`);
