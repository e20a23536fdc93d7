// Changing the e-signature authorities the regulator accepts, as the consortium governs it: an admin of any member
// proposes the list as it should be (authorities kept, one added with its CA certificate, and why); the members' admins
// approve it one by one, each in their own organisation's explorer, signing with their password entered again (meaning
// registry-change); the approval that makes them more than half of the members, a regulator's among them, applies it.
// A proposal made before another change landed can no longer be approved (the ledger says so), and its proposer may
// withdraw it.
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import { X509Certificate } from '@peculiar/x509';
import { useState, type SubmitEvent } from 'react';
import type { ConsortiumRegistryQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { useSubmission } from '../../graphql/use-submission';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { SignDialog } from '../../signatures/SignDialog';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { ReasonAction } from '../../ui/ReasonAction';
import { StatusBadge } from '../../ui/StatusBadge';
import {
  APPROVE_REGISTRY_CHANGE,
  PROPOSE_REGISTRY_CHANGE,
  REGISTRY_CHANGE_PROPOSALS,
  WITHDRAW_REGISTRY_CHANGE,
  type RegistryChangeProposal,
} from './registry-change-operations';
import { SubmitRow } from '../../ui/SubmitRow';

type Registry = NonNullable<ConsortiumRegistryQuery['consortium']>;

/** The subject of a PEM certificate, or why it is not one. */
function readCertificate(pem: string): { subject?: string; problem?: string } {
  try {
    return { subject: new X509Certificate(pem.trim()).subject };
  } catch {
    return { problem: 'must be a CA certificate in PEM (-----BEGIN CERTIFICATE----- …)' };
  }
}

/**
 * What a proposal does to the authorities: while open, those it adds to and withdraws from the list in force, by name;
 * once applied or withdrawn, the list it set out.
 */
function authorityChanges(registry: Registry, proposal: RegistryChangeProposal): string {
  const now = registry.signatureAuthorities ?? [];
  const next = proposal.change.signatureAuthorities ?? now;
  if (proposal.status !== 'open') return `the e-signature authorities: ${next.map((a) => a.name).join(', ') || 'none'}`;
  const added = next.filter((a) => !now.some((b) => b.certificate === a.certificate)).map((a) => `lists ${a.name}`);
  const withdrawn = now.filter((a) => !next.some((b) => b.certificate === a.certificate)).map((a) => `withdraws ${a.name}`);
  return [...added, ...withdrawn].join('; ') || 'leaves the e-signature authorities as they are';
}

/**
 * What an open proposal does to the members, each named: those it adds, removes, or whose entry (name, kind, CA,
 * facilities, jurisdiction) it alters. Every approver sees it, so no change of membership hides behind a change of the
 * authorities.
 */
function memberChanges(registry: Registry, proposal: RegistryChangeProposal): string[] {
  const entry = (o: Registry['organisations'][number] | RegistryChangeProposal['change']['organisations'][number]): string =>
    JSON.stringify([o.name, o.kind, o.caCertificate.trim(), [...o.facilities].sort(), o.jurisdiction ?? null]);
  const next = proposal.change.organisations;
  return [
    ...next.filter((o) => !registry.organisations.some((m) => m.mspId === o.mspId)).map((o) => `adds member ${o.mspId} (${o.kind})`),
    ...registry.organisations.filter((m) => !next.some((o) => o.mspId === m.mspId)).map((m) => `removes member ${m.mspId}`),
    ...next
      .filter((o) => registry.organisations.some((m) => m.mspId === o.mspId && entry(m) !== entry(o)))
      .map((o) => `alters the entry of ${o.mspId}`),
  ];
}

function ProposeAuthorities({ registry, onProposed }: { readonly registry: Registry; readonly onProposed: () => void }) {
  const { client } = useGraphQL();
  const listed = registry.signatureAuthorities ?? [];
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set(listed.map((a) => a.certificate)));
  const [name, setName] = useState('');
  const [certificate, setCertificate] = useState('');
  const [reason, setReason] = useState('');
  const { submit, busy, fieldProblem, general } = useSubmission(['change.signatureAuthorities', 'change.reason']);
  const read = certificate.trim() === '' ? undefined : readCertificate(certificate);
  const adds = name.trim() !== '' && read?.subject !== undefined;
  const next = [
    ...listed.filter((a) => kept.has(a.certificate)),
    ...(adds ? [{ name: name.trim(), certificate: certificate.trim() }] : []),
  ];
  const changes = adds || kept.size < listed.length;
  const complete = changes && reason.trim() !== '' && (name.trim() === '') === (certificate.trim() === '') && read?.problem === undefined;

  const propose = (event: SubmitEvent): void => {
    event.preventDefault();
    const proposalId = `RC-${Date.now().toString(36).toUpperCase()}`;
    // Every member as the registry describes it now: this proposal changes the authorities only.
    const organisations = registry.organisations.map((o) => ({
      mspId: o.mspId,
      name: o.name,
      kind: o.kind,
      caCertificate: o.caCertificate,
      ...(o.facilities.length > 0 ? { facilities: o.facilities } : {}),
      ...(o.jurisdiction ? { jurisdiction: o.jurisdiction } : {}),
    }));
    void submit(async () => {
      await client.request(PROPOSE_REGISTRY_CHANGE, {
        proposalId,
        change: { organisations, signatureAuthorities: next, reason: reason.trim() },
      });
      await untilIndexed(async () =>
        (await client.request(REGISTRY_CHANGE_PROPOSALS, { status: 'open' })).registryChangeProposals.some(
          (p) => p.proposalId === proposalId,
        ),
      );
    }, onProposed);
  };

  return (
    <details data-testid="propose-authorities">
      <summary>Propose a change of the e-signature authorities</summary>
      <form className="form" onSubmit={propose}>
        {listed.map((a) => (
          <label key={a.certificate} className="check">
            <input
              type="checkbox"
              checked={kept.has(a.certificate)}
              onChange={() =>
                setKept((now) => {
                  const after = new Set(now);
                  if (!after.delete(a.certificate)) after.add(a.certificate);
                  return after;
                })
              }
            />{' '}
            Keep {a.name}
          </label>
        ))}
        <Field label="Authority to list" id="authority-name" help="The certification service's name, as its certificates show it.">
          <input id="authority-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Its CA certificate"
          id="authority-certificate"
          problem={read?.problem ?? fieldProblem('change.signatureAuthorities')}
          help={read?.subject ? `Subject: ${read.subject}` : 'PEM, as the service publishes it.'}
        >
          <textarea
            id="authority-certificate"
            value={certificate}
            onChange={(e) => setCertificate(e.target.value)}
            rows={5}
            spellCheck={false}
          />
        </Field>
        <Field label="Reason" id="authority-reason" problem={fieldProblem('change.reason')}>
          <input id="authority-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <SubmitRow general={general} busy={busy} ready={complete} label="Propose the change" />
      </form>
    </details>
  );
}

function Proposal({
  registry,
  proposal,
  onChanged,
}: {
  readonly registry: Registry;
  readonly proposal: RegistryChangeProposal;
  readonly onChanged: () => void;
}) {
  const session = useSession();
  const { client } = useGraphQL();
  const [signing, setSigning] = useState(false);
  const own = session.person.organisation.mspId;
  const open = proposal.status === 'open';
  const stale = open && proposal.fromVersion !== registry.version;
  const approves = open && !stale && session.may('Consortium:ApproveRegistryChange') && !proposal.approvals.some((a) => a.mspId === own);
  const withdraws = open && session.may('Consortium:WithdrawRegistryChange') && proposal.proposedBy.mspId === own;
  const needed = Math.floor(registry.organisations.length / 2) + 1;
  const members = open ? memberChanges(registry, proposal) : [];
  // The ledger's rules (chaincode/src/consortium/registry-change.ts) as the approvers need to know them.
  const alsoNeeded = [
    authorityChanges(registry, proposal).startsWith('leaves') ? undefined : 'a regulator',
    ...members.filter((m) => m.startsWith('alters')).map((m) => m.replace('alters the entry of ', '')),
  ].filter((who) => who !== undefined);

  const approve = async (password: string): Promise<void> => {
    const { proposalId } = proposal;
    await client.request(APPROVE_REGISTRY_CHANGE, { proposalId, password });
    await untilIndexed(async () =>
      (await client.request(REGISTRY_CHANGE_PROPOSALS, { status: null })).registryChangeProposals.some(
        (p) => p.proposalId === proposalId && (p.status !== 'open' || p.approvals.some((a) => a.mspId === own)),
      ),
    );
    onChanged();
  };

  return (
    <li data-testid="registry-proposal" data-proposal={proposal.proposalId}>
      <div>
        <strong>{proposal.proposalId}</strong> <StatusBadge status={stale ? 'stale' : proposal.status} />{' '}
        {proposal.appliedVersion != null && <span>became version {proposal.appliedVersion}</span>}
      </div>
      <div>
        {authorityChanges(registry, proposal)}: {proposal.change.reason}
      </div>
      {members.length > 0 && (
        <div className="warning" data-testid="member-changes">
          It also {members.join('; ')}.
        </div>
      )}
      <div className="muted">
        Proposed by {proposal.proposedBy.name} of {proposal.proposedBy.mspId}, <Instant at={proposal.proposedAt} />, from version{' '}
        {proposal.fromVersion}
        {stale && ': the registry has changed since, so it can no longer be approved'}
        {proposal.withdrawReason && `; withdrawn: ${proposal.withdrawReason}`}
      </div>
      <div data-testid="approvals">
        Approved by {proposal.approvals.map((a) => `${a.printedName} of ${a.mspId}`).join(', ') || 'nobody yet'}
        {open &&
          ` (${proposal.approvals.length} of the ${needed} members needed${alsoNeeded.length > 0 ? `, ${alsoNeeded.join(' and ')} among them` : ''})`}
      </div>
      <div className="actions">
        {approves && (
          <button type="button" className="primary" onClick={() => setSigning(true)}>
            Approve and sign…
          </button>
        )}
        {withdraws && (
          <ReasonAction
            label="Withdraw"
            onDone={onChanged}
            run={(reason) => client.request(WITHDRAW_REGISTRY_CHANGE, { proposalId: proposal.proposalId, reason })}
          />
        )}
      </div>
      {signing && (
        <SignDialog meaning="registry-change" onSign={approve} onClose={() => setSigning(false)}>
          <div>
            Approve registry change {proposal.proposalId}, which {authorityChanges(registry, proposal)}.
          </div>
          {members.length > 0 && <div className="warning">It also {members.join('; ')}.</div>}
          <div className="muted">Reason: {proposal.change.reason}</div>
        </SignDialog>
      )}
    </li>
  );
}

export function RegistryChanges({ registry, onApplied }: { readonly registry: Registry; readonly onApplied: () => void }) {
  const session = useSession();
  const query = useQuery(REGISTRY_CHANGE_PROPOSALS, { status: null });
  const [proposals, setProposals] = useState(0);
  const changed = (): void => {
    query.reload();
    onApplied();
  };
  return (
    <div data-testid="registry-changes">
      <h3>Changes proposed</h3>
      <QueryStatus query={query} what="the registry change proposals" />
      {query.data?.registryChangeProposals.length === 0 && <p className="muted">None.</p>}
      <ul className="plain">
        {query.data?.registryChangeProposals.map((p) => (
          <Proposal key={p.proposalId} registry={registry} proposal={p} onChanged={changed} />
        ))}
      </ul>
      {session.may('Consortium:ProposeRegistryChange') && (
        <ProposeAuthorities
          key={`${registry.version}/${proposals}`}
          registry={registry}
          onProposed={() => {
            setProposals((n) => n + 1);
            query.reload();
          }}
        />
      )}
    </div>
  );
}
