// The three signatures a lot needs before it may be sold, in order: the QA reviewer's and the QP's over the same
// release dossier (two-person confirmation), then the regulator's lot release (批签发). Who may sign follows the
// chaincode: the role matrix for the transactions, and for the QA review the signature requirement in
// chaincode/src/lot/lot-contract.ts (a factory-qa of the lot's factory).
import type { GraphQLClient } from '../../graphql/client';
import type { SessionValue } from '../../session/session';
import { QA_RELEASE_SIGNER_ROLE } from '@plasma/chaincode/browser';
import type { WaitingSignature } from './dossier-operations';
import { lotIs, type LotRecord, type LotStatus } from './lot-record';
import { RELEASE_LOT_BY_REGULATOR, SIGN_LOT_QA_RELEASE } from './release-operations';

/** What the gateway answered a signature with: a QA release signature may wait there for the other one. */
export interface SignOutcome {
  /** The signature still needed before the QA release is submitted; null once the signature took effect. */
  readonly waitingFor: string | null;
  /** The QA release signatures waiting in the gateway now. */
  readonly signedWaiting: readonly WaitingSignature[];
}

export interface ReleaseStep {
  readonly meaning: 'qa-review' | 'qp-release' | 'regulator-lot-release';
  readonly title: string;
  /** Whether this person may sign this step of this lot now. */
  maySign(session: SessionValue, lot: LotRecord): boolean;
  sign(client: GraphQLClient, lotId: string, password: string): Promise<SignOutcome>;
  /** The lot's status once this step's signature took effect. */
  readonly releasedAs?: LotStatus;
}

export const RELEASE_STEPS: readonly ReleaseStep[] = [
  {
    meaning: 'qa-review',
    title: 'QA review',
    maySign: (s, lot) =>
      s.person.role === QA_RELEASE_SIGNER_ROLE['qa-review'] && s.person.organisation.mspId === lot.factory && lotIs(lot, 'in-process'),
    sign: async (client, lotId, password) =>
      (await client.request(SIGN_LOT_QA_RELEASE, { lotId, signature: 'QA_REVIEW', password })).signLotQaRelease,
  },
  {
    meaning: 'qp-release',
    title: 'QP certification',
    releasedAs: 'qa-released',
    maySign: (s, lot) =>
      s.person.role === QA_RELEASE_SIGNER_ROLE['qp-release'] && s.person.organisation.mspId === lot.factory && lotIs(lot, 'in-process'),
    sign: async (client, lotId, password) =>
      (await client.request(SIGN_LOT_QA_RELEASE, { lotId, signature: 'QP_RELEASE', password })).signLotQaRelease,
  },
  {
    meaning: 'regulator-lot-release',
    title: 'Regulator lot release',
    releasedAs: 'released',
    maySign: (s, lot) => s.may('Lot:RegulatorRelease') && lotIs(lot, 'qa-released'),
    sign: async (client, lotId, password) => {
      await client.request(RELEASE_LOT_BY_REGULATOR, { lotId, password });
      return { waitingFor: null, signedWaiting: [] };
    },
  },
];
