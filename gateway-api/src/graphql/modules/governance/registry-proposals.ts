// Registry change proposals as the indexer last projected them (ledger_state, object type registry-proposal), each row
// read by the chaincode's own reader of the record, so a proposal means here what it means on the ledger. SQL only.
import { newRegistryChangeProposal, type RegistryChangeProposal, type RegistryProposalStatus } from '@plasma/chaincode';
import type { Pool } from 'pg';
import { z } from 'zod';

const valueRow = z.object({ value: z.unknown() });
const proposalOf = (row: unknown): RegistryChangeProposal => newRegistryChangeProposal(valueRow.parse(row).value);

export interface RegistryProposals {
  /** The proposal `proposalId`, or undefined when the projection holds none. */
  find(proposalId: string): Promise<RegistryChangeProposal | undefined>;
  /** Proposals of `status` (all when undefined), the newest first, at most `first`. */
  list(status: RegistryProposalStatus | undefined, first: number): Promise<RegistryChangeProposal[]>;
}

export function registryProposals(pool: Pool): RegistryProposals {
  return {
    async find(proposalId) {
      const { rows } = await pool.query(
        `SELECT value FROM ledger_state WHERE object_type = 'registry-proposal' AND attributes = ARRAY[$1::text]`,
        [proposalId],
      );
      return rows.length === 0 ? undefined : proposalOf(rows[0]);
    },
    async list(status, first) {
      const { rows } = await pool.query(
        `SELECT value FROM ledger_state WHERE object_type = 'registry-proposal' AND ($1::text IS NULL OR value ->> 'status' = $1)
          ORDER BY value ->> 'proposedAt' DESC, value ->> 'proposalId' LIMIT $2`,
        [status ?? null, first],
      );
      return rows.map(proposalOf);
    },
  };
}
