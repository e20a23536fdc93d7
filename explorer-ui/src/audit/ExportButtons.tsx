// Downloads the audit trail in scope as CSV (one line per changed field, for a spreadsheet) or JSON, and shows the
// SHA-256 of the file downloaded, which the auditor notes to show later that the file is unchanged.
import { useState } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import { messageOf } from '../graphql/graphql-failure';
import { saveFile } from '../ui/save-file';
import { AUDIT_TRAIL_EXPORT, type AuditScope } from './audit-operations';

const TYPES = { CSV: 'text/csv', JSON: 'application/json' } as const;

export function ExportButtons({ scope, name }: { readonly scope: AuditScope; readonly name: string }) {
  const { client } = useGraphQL();
  const [problem, setProblem] = useState<string>();
  const [downloaded, setDownloaded] = useState<{ readonly file: string; readonly sha256: string }>();

  const download = async (format: 'CSV' | 'JSON'): Promise<void> => {
    setProblem(undefined);
    try {
      const { auditTrailExport: file } = await client.request(AUDIT_TRAIL_EXPORT, { ...scope, format });
      const fileName = `${name}.${format.toLowerCase()}`;
      saveFile(fileName, file.content, TYPES[format]);
      setDownloaded({ file: fileName, sha256: file.sha256 });
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <span className="export">
      Export{' '}
      <button type="button" className="quiet" onClick={() => void download('CSV')}>
        CSV
      </button>
      <button type="button" className="quiet" onClick={() => void download('JSON')}>
        JSON
      </button>
      {problem && <span className="notice error">{problem}</span>}
      {downloaded && (
        <span className="muted" data-testid="export-digest">
          {downloaded.file}: SHA-256 <code>{downloaded.sha256}</code>
        </span>
      )}
    </span>
  );
}
