// SQL for the documents table, every row parsed at the boundary. Content-addressed: inserting bytes that are
// already stored changes nothing and answers the row that was there.
import type { Pool } from 'pg';
import { z } from 'zod';

const metadataRow = z.object({
  sha256: z.string(),
  media_type: z.string(),
  file_name: z.string(),
  size_bytes: z.number().int(),
  stored_at: z.date(),
  stored_by_id: z.string(),
  stored_by_username: z.string(),
  stored_by_org: z.string(),
});

export interface DocumentMetadata {
  readonly sha256: string;
  readonly mediaType: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly storedAt: Date;
  readonly storedBy: { readonly id: string; readonly username: string; readonly org: string };
}

export interface DocumentContent {
  readonly mediaType: string;
  readonly content: Buffer;
}

export interface NewDocument {
  readonly sha256: string;
  readonly mediaType: string;
  readonly fileName: string;
  readonly content: Buffer;
  readonly storedBy: string;
}

const toMetadata = (row: unknown): DocumentMetadata => {
  const r = metadataRow.parse(row);
  return {
    sha256: r.sha256,
    mediaType: r.media_type,
    fileName: r.file_name,
    sizeBytes: r.size_bytes,
    storedAt: r.stored_at,
    storedBy: { id: r.stored_by_id, username: r.stored_by_username, org: r.stored_by_org },
  };
};

const METADATA = `
  SELECT d.sha256, d.media_type, d.file_name, d.size_bytes, d.stored_at,
         p.id::text AS stored_by_id, p.username AS stored_by_username, p.org AS stored_by_org
    FROM documents d JOIN people p ON p.id = d.stored_by`;

export function documentRepository(pool: Pool) {
  const metadata = async (sha256: string): Promise<DocumentMetadata | undefined> => {
    const { rows } = await pool.query(`${METADATA} WHERE d.sha256 = $1`, [sha256]);
    return rows[0] === undefined ? undefined : toMetadata(rows[0]);
  };
  return {
    metadata,

    /** Stores the document unless its hash is already there; `created` says which. */
    async insert(document: NewDocument): Promise<{ document: DocumentMetadata; created: boolean }> {
      const { rowCount } = await pool.query(
        `INSERT INTO documents (sha256, media_type, file_name, content, size_bytes, stored_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING`,
        [document.sha256, document.mediaType, document.fileName, document.content, document.content.length, document.storedBy],
      );
      return { document: (await metadata(document.sha256))!, created: rowCount === 1 };
    },

    async content(sha256: string): Promise<DocumentContent | undefined> {
      const { rows } = await pool.query<{ media_type: string; content: Buffer }>(
        'SELECT media_type, content FROM documents WHERE sha256 = $1',
        [sha256],
      );
      const row = rows[0];
      return row && { mediaType: row.media_type, content: row.content };
    },

    /** Which of `hashes` name a stored document. */
    async existing(hashes: readonly string[]): Promise<Set<string>> {
      const { rows } = await pool.query<{ sha256: string }>('SELECT sha256 FROM documents WHERE sha256 = ANY($1::text[])', [hashes]);
      return new Set(rows.map((r) => r.sha256));
    },
  };
}

export type DocumentRepository = ReturnType<typeof documentRepository>;
