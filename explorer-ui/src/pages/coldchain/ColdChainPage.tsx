// The cold chain: every freezer and shipment logger with its temperature curve, limits and excursions. The
// readings are stored and anchored by cold-chain/; the gateway does not serve them yet.
import { NotServed } from '../../ui/NotServed';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';

export function ColdChainPage({ device }: { readonly device?: string }) {
  return (
    <Page kicker="Cold chain" title={device ?? 'Freezers and shipments'}>
      {device === undefined && (
        <Panel title="Devices">
          <NotServed what="The list of freezers and shipment loggers" needs={['Query.coldChainDevices']} />
        </Panel>
      )}
      <Panel title="Temperature">
        <NotServed what="Temperature curves with storage limits and excursions" needs={['Query.coldChainReadings', 'Query.coldChainExcursions']} />
      </Panel>
    </Page>
  );
}
