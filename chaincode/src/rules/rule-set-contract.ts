// The RuleSet contract: each jurisdiction's rules on the ledger, seeded once and changed only with the
// regulator's electronic signature and the endorsement of both the regulator's and the factory's peers.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { REGULATOR_SIGNER_ROLE } from '../access/roles';
import { byCodeUnit, regulatorIds } from '../consortium/registry';
import { ConflictError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { writeState } from '../ledger/state';
import { acceptSignature, recordDigest, type SignableRecord } from '../signatures/electronic-signature';
import { ANY_RULE, integerBetween, parseJson, readObject } from '../validation';
import { REASON_RULE } from '../ledger/change';
import { governingOrganisations, governKey } from './governance';
import { JURISDICTION_RULE } from './jurisdiction';
import {
  DEFAULT_RULES,
  findRuleSet,
  getRuleSet,
  listRuleSets,
  newRuleSet,
  readRules,
  RULE_CHANGE_INPUT_FIELDS,
  RULE_FIELDS,
  ruleSetKey,
  type RuleSet,
  type RuleChange,
} from './rule-set';

function readJurisdiction(jurisdiction: string): string {
  if (!JURISDICTION_RULE.test(jurisdiction)) {
    throw new ValidationError('jurisdiction', JURISDICTION_RULE.text);
  }
  return jurisdiction;
}

function readChange(changeJson: string): RuleChange {
  const change = readObject(parseJson(changeJson, 'change'), 'change', RULE_CHANGE_INPUT_FIELDS);
  const rules = readRules(readObject(change.required('rules', ANY_RULE), 'change.rules', RULE_FIELDS));
  return {
    fromVersion: change.required('fromVersion', integerBetween(1, Number.MAX_SAFE_INTEGER, 'version')),
    rules,
    reason: change.required('reason', REASON_RULE),
  };
}

/**
 * What the regulator signs: the change from one version to the next, so a signature never applies twice. A change made
 * from another version than the ledger's is refused before anything is signed.
 */
function ruleChangeRecord(current: RuleSet, change: RuleChange): SignableRecord {
  if (change.fromVersion !== current.version) {
    throw new ConflictError(
      `the rules of ${current.jurisdiction} are at version ${current.version}, not ${change.fromVersion} as the change was made from: read them again`,
    );
  }
  return {
    type: 'rule-change',
    id: current.jurisdiction,
    content: { jurisdiction: current.jurisdiction, toVersion: current.version + 1, ...change },
  };
}

@Info({ title: 'RuleSet', description: 'Governed rules per jurisdiction: hold period, storage limit, look-back window, mandatory tests' })
export class RuleSetContract extends AuthorisedContract {
  constructor() {
    super('RuleSet');
  }

  /** Writes the default rule set of every jurisdiction that has none yet (CN, QSEAL), each under key-level governance. */
  @Transaction()
  @Returns('string')
  async SeedDefaultRuleSets(ctx: Context): Promise<string> {
    const governing = await governingOrganisations(ctx);
    const seeded: RuleSet[] = [];
    for (const [jurisdiction, rules] of Object.entries(DEFAULT_RULES).sort(([a], [b]) => byCodeUnit(a, b))) {
      if ((await findRuleSet(ctx, jurisdiction)) !== undefined) continue;
      const ruleSet = newRuleSet({
        jurisdiction,
        version: 1,
        ...rules,
        reason: 'default rules seeded at genesis',
        lastChange: changeStamp(ctx),
      });
      const key = ruleSetKey(ctx, jurisdiction);
      await writeState(ctx, key, ruleSet);
      await governKey(ctx, key, governing);
      seeded.push(ruleSet);
    }
    if (seeded.length === 0) {
      throw new ConflictError('every default rule set is already on the ledger; change one with RuleSet:ChangeRuleSet');
    }
    emitEvent(
      ctx,
      'RuleSetsSeeded',
      seeded.map(({ jurisdiction }) => jurisdiction).join(','),
      { ruleSets: seeded, governing },
      seeded.map(({ jurisdiction }) => ({ type: 'rule-set' as const, id: jurisdiction })),
    );
    return toCanonicalJson(seeded);
  }

  /**
   * Replaces the rules of `jurisdiction`. `changeJson` is `{ rules, reason }`; `signatureJson` is the regulator's
   * electronic signature (meaning rule-change) over the record GetRuleChangeRecord returns for the same change.
   */
  @Transaction()
  @Returns('string')
  async ChangeRuleSet(ctx: Context, jurisdiction: string, changeJson: string, signatureJson: string): Promise<string> {
    const current = await getRuleSet(ctx, readJurisdiction(jurisdiction));
    const change = readChange(changeJson);
    const approval = await acceptSignature(ctx, parseJson(signatureJson, 'signature'), 'signature', ruleChangeRecord(current, change), {
      meaning: 'rule-change',
      roles: [REGULATOR_SIGNER_ROLE],
      mspIds: await regulatorIds(ctx),
    });
    const next = newRuleSet({
      jurisdiction: current.jurisdiction,
      version: current.version + 1,
      ...change.rules,
      reason: change.reason,
      approval,
      lastChange: changeStamp(ctx, change.reason),
    });
    const key = ruleSetKey(ctx, current.jurisdiction);
    await writeState(ctx, key, next);
    await governKey(ctx, key, await governingOrganisations(ctx));
    emitEvent(ctx, 'RuleSetChanged', next.jurisdiction, next, [{ type: 'rule-set', id: next.jurisdiction }]);
    return toCanonicalJson(next);
  }

  /** The record a regulator signs to approve `changeJson` for `jurisdiction`, and its digest. */
  @Transaction(false)
  @Returns('string')
  async GetRuleChangeRecord(ctx: Context, jurisdiction: string, changeJson: string): Promise<string> {
    const record = ruleChangeRecord(await getRuleSet(ctx, readJurisdiction(jurisdiction)), readChange(changeJson));
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  @Transaction(false)
  @Returns('string')
  async GetRuleSet(ctx: Context, jurisdiction: string): Promise<string> {
    return toCanonicalJson(await getRuleSet(ctx, readJurisdiction(jurisdiction)));
  }

  @Transaction(false)
  @Returns('string')
  async ListRuleSets(ctx: Context): Promise<string> {
    return toCanonicalJson(await listRuleSets(ctx));
  }
}
