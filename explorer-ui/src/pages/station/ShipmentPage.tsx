// Shipments: a station builds and dispatches them; the factory's warehouse receives them. Each person sees the
// side the role matrix gives them.
import { useSession } from '../../session/session';
import { Page } from '../../ui/Page';
import { DispatchShipment } from './DispatchShipment';
import { ReceiveShipment } from './ReceiveShipment';

export function ShipmentPage() {
  const session = useSession();
  const dispatching = session.may('Shipment:DispatchShipment');
  return (
    <Page kicker="Shipments" title={dispatching ? 'Build and dispatch a shipment' : 'Receive shipments'}>
      {dispatching ? <DispatchShipment /> : <ReceiveShipment />}
    </Page>
  );
}
