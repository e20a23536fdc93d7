// The storage rule of each device, read from the governed rule set on the ledger: the device's site is an
// organisation of the consortium, its jurisdiction picks the rule set (RuleSet:GetRuleSet). Cached for a
// minute, so a rule change the regulator signs applies to the next windows.
import type { DeviceConfig } from '../config';
import type { StorageRule } from './excursion-tracker';

/** What this needs of a ledger session (test-network's openSession gives one). */
export interface RuleReader {
  contract(name: string): { evaluateTransaction(name: string, ...args: string[]): Promise<Uint8Array> };
}

interface GovernedRuleSet {
  jurisdiction: string;
  version: number;
  storageLimitC: number;
  excursionAllowance: { maxTemperatureC: number; maxHours: number; maxCount: number };
  lastChange: { txId: string };
}

const CACHE_MS = 60_000;
// The chaincode's rule for an organisation registered without a jurisdiction (chaincode/src/rules/jurisdiction.ts).
const CHAINCODE_DEFAULT_JURISDICTION = 'CN';

/**
 * The governed clock tolerance of `mspId`'s jurisdiction (the rule set's `clockToleranceMinutes`), read from the ledger
 * as that organisation, in milliseconds: how far ahead of the ingest's clock a device may stamp a reading.
 */
export async function ledgerClockToleranceMs(reader: RuleReader, mspId: string): Promise<number> {
  const evaluate = async (contract: string, transaction: string, arg: string): Promise<unknown> =>
    JSON.parse(Buffer.from(await reader.contract(contract).evaluateTransaction(transaction, arg)).toString('utf8'));
  const organisation = (await evaluate('Consortium', 'GetOrganisation', mspId)) as { jurisdiction?: string };
  const ruleSet = (await evaluate('RuleSet', 'GetRuleSet', organisation.jurisdiction ?? CHAINCODE_DEFAULT_JURISDICTION)) as {
    clockToleranceMinutes: number;
  };
  return ruleSet.clockToleranceMinutes * 60_000;
}

/** The storage rule of each device, read as its site organisation (`readerOf(site)`) from the ledger. */
export function ledgerRuleSource(
  readerOf: (site: string) => RuleReader,
  devices: readonly DeviceConfig[],
  mspIdOfSite: (site: string) => string,
): (device: string) => Promise<StorageRule> {
  const siteOf = new Map(devices.map((d) => [d.id, d.site]));
  const cache = new Map<string, { rule: StorageRule; until: number }>();
  const evaluate = async (site: string, contract: string, transaction: string, arg: string): Promise<unknown> =>
    JSON.parse(Buffer.from(await readerOf(site).contract(contract).evaluateTransaction(transaction, arg)).toString('utf8'));

  return async (device) => {
    const site = siteOf.get(device);
    if (site === undefined) throw new Error(`device: ${device} is not in the configuration`);
    const cached = cache.get(site);
    if (cached && cached.until > Date.now()) return cached.rule;
    const organisation = (await evaluate(site, 'Consortium', 'GetOrganisation', mspIdOfSite(site))) as { jurisdiction?: string };
    const ruleSet = (await evaluate(
      site,
      'RuleSet',
      'GetRuleSet',
      organisation.jurisdiction ?? CHAINCODE_DEFAULT_JURISDICTION,
    )) as GovernedRuleSet;
    const rule: StorageRule = {
      storageLimitC: ruleSet.storageLimitC,
      toleranceLimitC: ruleSet.excursionAllowance.maxTemperatureC,
      toleranceHours: ruleSet.excursionAllowance.maxHours,
      source: `RuleSet ${ruleSet.jurisdiction} v${ruleSet.version} (tx ${ruleSet.lastChange.txId})`,
    };
    cache.set(site, { rule, until: Date.now() + CACHE_MS });
    return rule;
  };
}
