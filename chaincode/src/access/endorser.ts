// What the endorsing peer's chaincode server knows that the ledger does not: its own clock, and the organisation it
// endorses for (its organisation card, given by that organisation's own deployment). Endorsers compare the client's
// claims with these, so a proposal that lies about its time, or a registry that misdescribes a founding member, is
// refused by the peers of the organisations it would wrong.
import { readFileSync } from 'node:fs';
import type { Context } from 'fabric-contract-api';
import { newOrganisation, type Organisation } from '../consortium/organisation';

export interface Endorser {
  /** The endorsing peer's clock, in milliseconds since the epoch. */
  now(): number;
  /** The organisation this chaincode server endorses for, as its own card says; undefined when none is configured. */
  readonly organisation: Organisation | undefined;
}

/**
 * Where each organisation's deployment tells its chaincode server which organisation it serves: the file of its
 * organisation card (network/src/organisation-card.ts), whose `organisation` member is its registry entry.
 */
export const ORGANISATION_CARD_VARIABLE = 'PLASMA_ORGANISATION_CARD';

let card: { organisation: Organisation | undefined } | undefined;

function ownOrganisation(): Organisation | undefined {
  if (card === undefined) {
    const file = process.env[ORGANISATION_CARD_VARIABLE];
    card = {
      organisation:
        file === undefined || file === ''
          ? undefined
          : newOrganisation((JSON.parse(readFileSync(file, 'utf8')) as { organisation?: unknown }).organisation, 'organisation card'),
    };
  }
  return card.organisation;
}

const processEndorser: Endorser = {
  now: () => Date.now(),
  get organisation() {
    return ownOrganisation();
  },
};

/**
 * The endorser a transaction runs on: this process, unless the context carries another (the unit tests' ledger plays
 * peers with their own clocks and cards). fabric-contract-api's own Context is kept: its decorators recognise the
 * context parameter by that class.
 */
export const endorserOf = (ctx: Context): Endorser => (ctx as Context & { endorser?: Endorser }).endorser ?? processEndorser;
