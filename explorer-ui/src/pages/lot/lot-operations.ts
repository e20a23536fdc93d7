// What may be done to a lot from its release dossier besides signing: holding it, lifting a hold, recalling it.
import { operation } from '../../graphql/operation';

type Reason = { readonly reason: string };

export const PLACE_LOT_ON_HOLD = operation<{ placeLotOnHold: unknown }, { lotId: string; hold: Reason }>(
  'mutation PlaceLotOnHold($lotId: String!, $hold: JSON!) { placeLotOnHold(lotId: $lotId, hold: $hold) }',
);
export const RELEASE_LOT_HOLD = operation<{ releaseLotHold: unknown }, { lotId: string; ref: string; reason: Reason }>(
  'mutation ReleaseLotHold($lotId: String!, $ref: String!, $reason: JSON!) { releaseLotHold(lotId: $lotId, ref: $ref, reason: $reason) }',
);
export const RECALL_LOT = operation<{ recallLot: unknown }, { lotId: string; recall: Reason }>(
  'mutation RecallLot($lotId: String!, $recall: JSON!) { recallLot(lotId: $lotId, recall: $recall) }',
);
