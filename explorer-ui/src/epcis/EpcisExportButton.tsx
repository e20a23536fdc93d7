// Saves the lineage of the lot or donation a page shows as an EPCIS 2.0 document (`<id>.epcis.jsonld`), for an
// inspector or a trading partner to read with any EPCIS tool.
import { useState } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import { messageOf } from '../graphql/graphql-failure';
import { saveFile } from '../ui/save-file';
import { EPCIS_EXPORT } from './epcis-operations';

/** The media type of JSON-LD, the binding of EPCIS 2.0 the gateway exports. */
const JSON_LD = 'application/ld+json';

export function EpcisExportButton({ kind, id }: { readonly kind: 'lot' | 'donation'; readonly id: string }) {
  const { client } = useGraphQL();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const download = async (): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { epcisExport: epcisDocument } = await client.request(EPCIS_EXPORT, kind === 'lot' ? { lotId: id } : { din: id });
      saveFile(`${id}.epcis.jsonld`, `${JSON.stringify(epcisDocument, null, 2)}\n`, JSON_LD);
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} disabled={busy} title="The lineage as a GS1 EPCIS 2.0 JSON-LD document">
        {busy ? 'Exporting…' : 'Export EPCIS 2.0'}
      </button>
      {problem && (
        <span className="notice error" role="alert">
          EPCIS export failed: {problem}
        </span>
      )}
    </>
  );
}
