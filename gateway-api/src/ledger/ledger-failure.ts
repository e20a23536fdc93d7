// What a failed ledger call means to a client: the one place where the chaincode's error prefixes and the
// network's own failures become the gateway's error codes.
import * as grpc from '@grpc/grpc-js';
import { GatewayError as FabricGatewayError } from '@hyperledger/fabric-gateway';
import { ErrorCode, GatewayError } from '../errors';
import { ledgerErrorMessage } from '@plasma/platform';

/** The chaincode starts each refusal with its code: "VALIDATION: din: ...", "FORBIDDEN: ...". */
const CHAINCODE_CODES: Readonly<Record<string, ErrorCode>> = {
  VALIDATION: ErrorCode.Validation,
  FORBIDDEN: ErrorCode.Forbidden,
  NOT_FOUND: ErrorCode.NotFound,
  CONFLICT: ErrorCode.Conflict,
};

// Answers that mean no peer or orderer could be reached in time, not that the request was wrong.
const UNREACHABLE: ReadonlySet<number> = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);
const SHORT_OF_PEERS: number = grpc.status.FAILED_PRECONDITION;

/**
 * The gateway's error for a refusal by the chaincode or an unreachable network; anything else is returned
 * as it is, to be logged and masked as unexpected.
 */
export function ledgerFailure(error: unknown): unknown {
  if (error instanceof GatewayError) return error;
  const message = ledgerErrorMessage(error);
  const refusal = /^([A-Z_]+): (.*)$/s.exec(message);
  const code = refusal && CHAINCODE_CODES[refusal[1]!];
  if (refusal && code) {
    const detail = refusal[2]!;
    const field = code === ErrorCode.Validation ? /^([^\s:]+): /.exec(detail)?.[1] : undefined;
    return new GatewayError(code, detail, field === undefined ? {} : { field });
  }
  // The peers' own check of the proposal: its signature over these bytes, and the creator's certificate under the
  // organisation's MSP (a signature of other bytes, a certificate the MSP does not accept).
  if (/^error validating proposal: access denied/.test(message)) {
    return new GatewayError(ErrorCode.Forbidden, `the peers refused the transaction's signature or certificate: ${message}`);
  }
  if (error instanceof FabricGatewayError && UNREACHABLE.has(error.code)) {
    return new GatewayError(ErrorCode.LedgerUnavailable, `the ledger cannot be reached: ${error.message}`);
  }
  // Too few organisations' peers are up to endorse as the policy asks: the network is short of peers, not the request wrong.
  if (error instanceof FabricGatewayError && error.code === SHORT_OF_PEERS && /no combination of peers/.test(error.message)) {
    return new GatewayError(ErrorCode.LedgerUnavailable, `too few organisations' peers can be reached to endorse: ${error.message}`);
  }
  return error;
}
