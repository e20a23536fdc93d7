// Key-level (state-based) endorsement: who must endorse any later change of a record. The channel's policy lets
// any two organisations write; these policies make a record's owner indispensable to every change of it, so no two
// other members can rewrite what it vouches for. Fabric checks them at validation (ENDORSEMENT_POLICY_FAILURE) and
// the gateway plans endorsements with them. A key's creation is validated under the channel's policy, which is why
// what needs its owner from the very start lives in keys that already exist (the registry, rule sets) or is
// checked by readers (docs/security.md).
import { common, msp } from '@hyperledger/fabric-protos';
import type { Context } from 'fabric-contract-api';

/** Who must endorse: `required` of the principals in `of` (each an organisation's peers), nested as needed. */
export type EndorsementRule = { readonly peerOf: string } | { readonly required: number; readonly of: readonly EndorsementRule[] };

const peerOf = (mspId: string): EndorsementRule => ({ peerOf: mspId });

/** The owner's peer and a peer of any one other member: what every record a member vouches for needs. */
export function ownerAndOneOther(owner: string, members: readonly string[]): EndorsementRule {
  const others = [...new Set(members)].filter((mspId) => mspId !== owner).sort();
  if (others.length === 0) return peerOf(owner);
  return { required: 2, of: [peerOf(owner), { required: 1, of: others.map(peerOf) }] };
}

/** Peers of every one of `mspIds`. */
export const allOf = (mspIds: readonly string[]): EndorsementRule => ({
  required: new Set(mspIds).size,
  of: [...new Set(mspIds)].sort().map(peerOf),
});

/** Peers of more than half of `mspIds`. */
export function majorityOf(mspIds: readonly string[]): EndorsementRule {
  const members = [...new Set(mspIds)].sort();
  return { required: Math.floor(members.length / 2) + 1, of: members.map(peerOf) };
}

/** The rule as a SignaturePolicyEnvelope, the bytes Fabric keeps as a key's validation parameter. */
export function policyBytes(rule: EndorsementRule): Uint8Array {
  const principals: string[] = [];
  const toPolicy = (node: EndorsementRule): common.SignaturePolicy => {
    const policy = new common.SignaturePolicy();
    if ('peerOf' in node) {
      let index = principals.indexOf(node.peerOf);
      if (index < 0) index = principals.push(node.peerOf) - 1;
      policy.setSignedBy(index);
    } else {
      const nOutOf = new common.SignaturePolicy.NOutOf();
      nOutOf.setN(node.required);
      nOutOf.setRulesList(node.of.map(toPolicy));
      policy.setNOutOf(nOutOf);
    }
    return policy;
  };
  const root = toPolicy(rule);
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(root);
  envelope.setIdentitiesList(
    principals.map((mspId) => {
      const role = new msp.MSPRole();
      role.setMspIdentifier(mspId);
      role.setRole(msp.MSPRole.MSPRoleType.PEER);
      const principal = new msp.MSPPrincipal();
      principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
      principal.setPrincipal(role.serializeBinary());
      return principal;
    }),
  );
  return envelope.serializeBinary();
}

/** Reads a validation parameter back into its rule (for tests, and for anyone auditing a key's policy). */
export function ruleOf(bytes: Uint8Array): EndorsementRule {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const identities = envelope
    .getIdentitiesList()
    .map((principal) => msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8()).getMspIdentifier());
  const fromPolicy = (policy: common.SignaturePolicy): EndorsementRule => {
    if (policy.hasSignedBy()) return peerOf(identities[policy.getSignedBy()] ?? `#${policy.getSignedBy()}`);
    const nOutOf = policy.getNOutOf()!;
    return { required: nOutOf.getN(), of: nOutOf.getRulesList().map(fromPolicy) };
  };
  return fromPolicy(envelope.getRule()!);
}

/** Sets who must endorse every later change of `key` (and of its policy). */
export async function requireEndorsement(ctx: Context, key: string, rule: EndorsementRule): Promise<void> {
  await ctx.stub.setStateValidationParameter(key, policyBytes(rule));
}
