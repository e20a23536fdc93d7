// Lot release: the lots waiting for a decision, and a way to open any lot's dossier by its number.
import { useState, type FormEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useRouter } from '../../router/router';
import { NotServed } from '../../ui/NotServed';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';

export function LotsPage() {
  const { navigate } = useRouter();
  const [lotId, setLotId] = useState('');
  const open = (event: FormEvent): void => {
    event.preventDefault();
    if (lotId.trim()) navigate(paths.lotRelease(lotId.trim().toUpperCase()));
  };
  return (
    <Page kicker="Lot release" title="Lots and their release">
      <Panel title="Open a release dossier">
        <form className="filters" onSubmit={open}>
          <label>Lot number<input value={lotId} onChange={(e) => setLotId(e.target.value)} placeholder="e.g. ALB-2611-001" /></label>
          <button type="submit" className="primary">Open dossier</button>
        </form>
      </Panel>
      <Panel title="Waiting for release">
        <NotServed what="The list of lots waiting for QA, QP or regulator release" needs={['Query.lots']} />
      </Panel>
    </Page>
  );
}
