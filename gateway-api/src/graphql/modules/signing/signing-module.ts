// Signing with keys in people's own devices: enrolling and revoking a device, and running any mutation of this API
// with the device signing each step (prepareTransaction, then submitSignedTransaction until it answers the result).
// The mutation runs here exactly as it would with the key the gateway keeps: only its signer differs.
import {
  execute,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  parse,
  specifiedRules,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  OperationTypeNode,
} from 'graphql';
import type { QueryLimits } from '../../../config';
import { ErrorCode, GatewayError, validationError } from '../../../errors';
import type { SignatureRequest, SignatureStage } from '../../../people/actor';
import type { DeviceApproval, DeviceRequest, DeviceService } from '../../../people/devices';
import type { Person } from '../../../people/person';
import type { SigningSessions, SigningStep } from '../../../people/signing-sessions';
import { requirePerson, type GatewayContext } from '../../context';
import { operationLimitRules } from '../../limits';
import { schemaFile, type GraphQLModule } from '../../module';

export interface SigningModuleOptions {
  readonly devices: DeviceService;
  readonly signing: SigningSessions;
  readonly limits: QueryLimits;
}

const operationJson = new GraphQLScalarType({
  name: 'OperationJson',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

const STAGES: Readonly<Record<SignatureStage, string>> = {
  proposal: 'PROPOSAL',
  transaction: 'TRANSACTION',
  'commit-status': 'COMMIT_STATUS',
  record: 'RECORD',
};

/** The fields a signed operation may not itself select: signing runs one level deep. */
const SIGNING_FIELDS: ReadonlySet<string> = new Set([
  'prepareTransaction',
  'submitSignedTransaction',
  'enrolDevice',
  'requestDevice',
  'approveDeviceRequest',
  'refuseDeviceRequest',
  'revokeDevice',
]);

const step = ({ signingId, next, result }: SigningStep) => ({
  signingId,
  next: next && signatureRequest(next),
  result: result ?? null,
});

const signatureRequest = (request: SignatureRequest) => ({
  stage: STAGES[request.stage],
  message: Buffer.from(request.message).toString('base64'),
  transaction: request.transaction ?? null,
  transactionId: request.transactionId ?? null,
});

export function signingModule({ devices, signing, limits }: Readonly<SigningModuleOptions>): GraphQLModule {
  const ownerOf = (context: GatewayContext) => ({ personId: requirePerson(context).id, token: context.token! }); // signed in: has a token

  return {
    typeDefs: schemaFile(__dirname, 'signing.graphql'),
    resolvers: {
      OperationJson: operationJson,
      Person: {
        devices: (person: Person, _: unknown, context: GatewayContext) => devices.devicesOf(requirePerson(context), person),
        newDeviceNeedsApproval: (person: Person, _: unknown, context: GatewayContext) =>
          devices.needsApproval(requirePerson(context), person),
        deviceRequests: (person: Person, _: unknown, context: GatewayContext) => devices.pendingRequestsOf(requirePerson(context), person),
      },
      DeviceRequest: {
        approvalPayload: (request: DeviceRequest) => Buffer.from(request.approvalPayload).toString('base64'),
        device: (request: DeviceRequest, _: unknown, context: GatewayContext) =>
          request.deviceId === null ? null : devices.deviceOf(requirePerson(context), request.deviceId),
      },
      Query: {
        deviceRequest: async (_: unknown, args: { id: string }, context: GatewayContext) =>
          devices.requestOf(requirePerson(context), args.id).catch((error: unknown) => {
            if (error instanceof GatewayError && error.code === ErrorCode.NotFound) return null;
            throw error;
          }),
      },
      Mutation: {
        enrolDevice: (_: unknown, args: { label: string; certificateRequest: string }, context: GatewayContext) =>
          devices.enrol(requirePerson(context), args.label, args.certificateRequest),
        requestDevice: (_: unknown, args: { label: string; certificateRequest: string }, context: GatewayContext) =>
          devices.request(requirePerson(context), args.label, args.certificateRequest),
        approveDeviceRequest: (_: unknown, args: { requestId: string; approval?: DeviceApproval | null }, context: GatewayContext) =>
          devices.approve(requirePerson(context), args.requestId, args.approval ?? undefined),
        refuseDeviceRequest: (_: unknown, args: { requestId: string }, context: GatewayContext) =>
          devices.refuse(requirePerson(context), args.requestId),
        revokeDevice: (_: unknown, args: { deviceId: string }, context: GatewayContext) =>
          devices.revoke(requirePerson(context), args.deviceId),

        prepareTransaction: async (
          _: unknown,
          args: { deviceId: string; operation: string; variables?: unknown },
          context: GatewayContext,
          info: GraphQLResolveInfo,
        ) => {
          const person = requirePerson(context);
          if (context.device) throw validationError('operation', 'a signed operation cannot prepare another');
          const document = signableOperation(args.operation, limits);
          const errors = validate(info.schema, document, [...specifiedRules, ...operationLimitRules(limits)]);
          if (errors.length > 0) throw validationError('operation', errors.map((e) => e.message).join('; '));
          const variables: unknown = args.variables ?? {};
          if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
            throw validationError('variables', 'must be a JSON object of the operation variables by name');
          }
          const signer = await devices.deviceToSignWith(person, args.deviceId);
          return step(
            await signing.start(ownerOf(context), signer, async (deviceSigner) => {
              const result = await execute({
                schema: info.schema,
                document,
                variableValues: variables as Record<string, unknown>,
                contextValue: { ...context, device: deviceSigner } satisfies GatewayContext,
              });
              // The first error as the gateway answers any: its code, or masked when unexpected.
              const [error] = result.errors ?? [];
              if (error) throw error.originalError ?? error;
              return result.data ?? null;
            }),
          );
        },

        submitSignedTransaction: async (_: unknown, args: { signingId: string; signature: string }, context: GatewayContext) => {
          const person = requirePerson(context);
          // Revoked since the signing began: the rest of it is abandoned.
          const stillAllowed = async (device: { readonly id: string }): Promise<void> => {
            await devices.deviceToSignWith(person, device.id);
          };
          return step(await signing.answer(ownerOf(context), args.signingId, args.signature, stillAllowed));
        },
      },
    },
  };
}

/** The operation as given, parsed: one mutation with one field (one act to sign), none of the signing mutations. */
function signableOperation(source: string, limits: QueryLimits): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(source, { maxLexicalTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    throw validationError('operation', `must be a GraphQL document: ${error instanceof GraphQLError ? error.message : String(error)}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || operation?.operation !== OperationTypeNode.MUTATION) {
    throw validationError('operation', 'must hold exactly one operation, a mutation');
  }
  const fields = operation.selectionSet.selections;
  const [only] = fields;
  if (fields.length !== 1 || only?.kind !== Kind.FIELD) {
    throw validationError('operation', 'must select exactly one mutation field (no fragments at its top): one act to sign');
  }
  if (SIGNING_FIELDS.has(only.name.value)) {
    throw new GatewayError(ErrorCode.Forbidden, `${only.name.value} is not itself signed by a device`);
  }
  return document;
}
