// A file a record cites (a test's raw data, a process step's parameter export): stored off-chain in the gateway first,
// then cited on the ledger by the SHA-256 the gateway answers.
import type { GraphQLClient } from '../graphql/client';
import type { StoreDocumentMutation, StoreDocumentMutationVariables } from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

const STORE_DOCUMENT = operation<StoreDocumentMutation, StoreDocumentMutationVariables>(/* GraphQL */ `
  mutation StoreDocument($fileName: String!, $mediaType: String!, $contentBase64: String!) {
    storeDocument(fileName: $fileName, mediaType: $mediaType, contentBase64: $contentBase64) {
      document {
        sha256
      }
    }
  }
`);

/** A file's bytes as base64, as storeDocument takes them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Stores `file` in the gateway and answers its SHA-256 (64 lowercase hex), to cite. */
export async function storeFile(client: GraphQLClient, file: File): Promise<string> {
  const stored = await client.request(STORE_DOCUMENT, {
    fileName: file.name,
    mediaType: file.type || 'application/octet-stream',
    contentBase64: await base64Of(file),
  });
  return stored.storeDocument.document.sha256;
}
