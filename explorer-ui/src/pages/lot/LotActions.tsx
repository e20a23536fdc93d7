// The lot's quality actions each person may take: place it on hold, lift a quality hold, recall it. Who may is the
// role matrix's answer.
import { useGraphQL } from '../../graphql/graphql-context';
import { useSession } from '../../session/session';
import { ReasonAction } from '../../ui/ReasonAction';
import { lotIs, type LotRecord } from './lot-record';
import { PLACE_LOT_ON_HOLD, RECALL_LOT, RELEASE_LOT_HOLD } from './lot-operations';

export function LotActions({ lot, onChange }: { readonly lot: LotRecord; readonly onChange: () => void }) {
  const session = useSession();
  const { client } = useGraphQL();
  const { lotId } = lot;
  const actions = [
    session.may('Lot:PlaceOnHold') && !lotIs(lot, 'recalled') && (
      <ReasonAction
        key="hold"
        label="Place on hold"
        onDone={onChange}
        run={(reason) => client.request(PLACE_LOT_ON_HOLD, { lotId, hold: { reason } })}
      />
    ),
    ...(session.may('Lot:ReleaseHold')
      ? lot.holds
          .filter((h) => h.kind === 'quality')
          .map((hold) => (
            <ReasonAction
              key={hold.ref}
              label={`Lift hold ${hold.ref}`}
              onDone={onChange}
              run={(reason) => client.request(RELEASE_LOT_HOLD, { lotId, ref: hold.ref, reason: { reason } })}
            />
          ))
      : []),
    session.may('Lot:RecallLot') && lotIs(lot, 'released', 'qa-released') && (
      <ReasonAction
        key="recall"
        label="Recall lot"
        onDone={onChange}
        run={(reason) => client.request(RECALL_LOT, { lotId, recall: { reason } })}
      />
    ),
  ].filter(Boolean);
  if (actions.length === 0) return null;
  return (
    <div className="actions" data-testid="lot-actions">
      {actions}
    </div>
  );
}
