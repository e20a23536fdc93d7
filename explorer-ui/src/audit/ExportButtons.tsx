// Downloads the audit trail in scope as CSV (one line per changed field, for a spreadsheet) or JSON.
import { useState } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import { messageOf } from '../graphql/graphql-failure';
import { saveFile } from '../ui/save-file';
import { AUDIT_TRAIL_EXPORT, type AuditScope } from './audit-operations';

const TYPES = { CSV: 'text/csv', JSON: 'application/json' } as const;

export function ExportButtons({ scope, name }: { readonly scope: AuditScope; readonly name: string }) {
  const { client } = useGraphQL();
  const [problem, setProblem] = useState<string>();

  const download = async (format: 'CSV' | 'JSON'): Promise<void> => {
    setProblem(undefined);
    try {
      const { auditTrailExport: content } = await client.request(AUDIT_TRAIL_EXPORT, { ...scope, format });
      saveFile(`${name}.${format.toLowerCase()}`, content, TYPES[format]);
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
    </span>
  );
}
