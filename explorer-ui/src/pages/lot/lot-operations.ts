// What may be done to a lot from its release dossier besides signing: holding it, lifting a hold, recalling it.
import type { Lot } from '@plasma/chaincode/browser';
import type { Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

/** Why: 1 to 512 characters (the gateway's ReasonInput). */
interface ReasonInput { readonly reason: string }

type LotStatus = Selected<Lot, 'lotId' | 'status'>;

export const PLACE_LOT_ON_HOLD = operation<{ placeLotOnHold: LotStatus }, { lotId: string; hold: ReasonInput }>(/* GraphQL */ `
  mutation PlaceLotOnHold($lotId: String!, $hold: ReasonInput!) { placeLotOnHold(lotId: $lotId, hold: $hold) { lotId status } }`);

export const RELEASE_LOT_HOLD = operation<{ releaseLotHold: LotStatus }, { lotId: string; ref: string; reason: ReasonInput }>(/* GraphQL */ `
  mutation ReleaseLotHold($lotId: String!, $ref: String!, $reason: ReasonInput!) {
    releaseLotHold(lotId: $lotId, ref: $ref, reason: $reason) { lotId status }
  }`);

export const RECALL_LOT = operation<{ recallLot: LotStatus }, { lotId: string; recall: ReasonInput }>(/* GraphQL */ `
  mutation RecallLot($lotId: String!, $recall: ReasonInput!) { recallLot(lotId: $lotId, recall: $recall) { lotId status } }`);
