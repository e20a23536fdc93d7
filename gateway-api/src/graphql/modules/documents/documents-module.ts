// Off-chain documents: storing one (answering the SHA-256 to cite on the ledger) and reading it back by its hash.
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import type { DocumentMetadata } from '../../../documents/document-repository';
import type { DocumentInput, DocumentService } from '../../../documents/documents';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

/** A JSON document's content, any JSON value: the document service canonicalises it (RFC 8785) and hashes that. */
const jsonDocument = new GraphQLScalarType({
  name: 'JsonDocument',
  serialize: () => {
    throw new TypeError('a JsonDocument is only ever given, never answered: read a document as contentBase64');
  },
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export function documentsModule(service: DocumentService): GraphQLModule {
  const document = (d: DocumentMetadata) => ({
    sha256: d.sha256,
    mediaType: d.mediaType,
    fileName: d.fileName,
    sizeBytes: d.sizeBytes,
    storedBy: d.storedBy.username,
    storedByOrganisation: d.storedBy.org,
    storedAt: d.storedAt,
    // Read only when asked for, and refused (this field alone) to those who may not read documents.
    contentBase64: async (_: unknown, context: GatewayContext) =>
      (await service.content(requirePerson(context), d.sha256)).toString('base64'),
  });
  return {
    typeDefs: schemaFile(__dirname, 'documents.graphql'),
    resolvers: {
      JsonDocument: jsonDocument,
      Query: {
        document: async (_: unknown, { sha256 }: { sha256: string }, context: GatewayContext) => {
          requirePerson(context);
          const found = await service.metadata(sha256);
          return found && document(found);
        },
      },
      Mutation: {
        storeDocument: async (_: unknown, input: DocumentInput, context: GatewayContext) => {
          const { document: stored, created } = await service.store(requirePerson(context), input);
          return { document: document(stored), created };
        },
      },
    },
  };
}
