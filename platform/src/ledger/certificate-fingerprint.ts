// A certificate's SHA-256 over its DER bytes: the same certificate whatever its PEM's line endings and wrapping, so the
// creator of a transaction (as the indexer reads it) can be matched to a certificate the gateway holds.
import { createHash } from 'node:crypto';

export function certificateSha256(pem: string): string {
  const der = Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}
