// What a failed ledger call means to a client: the one place where the chaincode's error prefixes and the
// network's own failures become the gateway's error codes.
import * as grpc from '@grpc/grpc-js';
import { EndorseError, GatewayError as FabricGatewayError } from '@hyperledger/fabric-gateway';
import { ErrorCode as ChaincodeErrorCode } from '@plasma/chaincode';
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
// An endorsement or an ordering that failed. An endorsement whose chaincode could not be reached (its server down or not
// answering in time), and an orderer without a leader (SERVICE_UNAVAILABLE), are a network short of a part, not a
// request wrong; anything else refused there (endorsers that disagree, a chaincode's own failure) stays unexpected.
const REFUSED: number = grpc.status.ABORTED;
const CHAINCODE_UNREACHABLE = /could not launch chaincode|connection refused|stream terminated|timeout expired|deadline exceeded/i;
const chaincodeUnreachable = (error: FabricGatewayError): boolean =>
  error.details.length > 0 &&
  error.details.every((d) => CHAINCODE_UNREACHABLE.test(d.message) && !/chaincode response \d+/.test(d.message));

const ANSWERED = new RegExp(`^(?:chaincode response \\d+, )?${ChaincodeErrorCode.Answered}: ([0-9a-f]{64}) `);

/**
 * The first transaction of a repeated request, when the chaincode on a peer of `mspId` (the gateway's own organisation,
 * whose peer it trusts) refused the repeat as answered already ("ANSWERED: <transaction id> ...";
 * access/client-request.ts); undefined for any other failure, and for another organisation's peer saying so.
 */
export function answeringTransaction(error: unknown, mspId: string): string | undefined {
  // An endorsement's failure, or an evaluation's (PersonLedger.answered): each carries its peers' answers.
  if (!(error instanceof FabricGatewayError)) return undefined;
  for (const detail of error.details) {
    const answered = detail.mspId === mspId ? ANSWERED.exec(detail.message) : null;
    if (answered) return answered[1];
  }
  return undefined;
}

/**
 * The gateway's error for a refusal by the chaincode or an unreachable network; anything else is returned
 * as it is, to be logged and masked as unexpected.
 */
export function ledgerFailure(error: unknown): unknown {
  if (error instanceof GatewayError) return error;
  const message = ledgerErrorMessage(error);
  const refusal = /^([A-Z_]+): (.*)$/s.exec(message);
  // A peer the gateway does not take the word of (answeringTransaction takes its own organisation's) says the request was
  // answered: its own peer says so once it holds that block, or runs the request if that peer lied. The transaction it
  // names is in the message as its claim, never the transaction a client is told to ask about.
  if (refusal?.[1] === ChaincodeErrorCode.Answered) {
    return new GatewayError(
      ErrorCode.Pending,
      `a peer of another organisation says this request was answered already (${refusal[2]!}), which this organisation's peer does not show: send it again with the same clientRequestId`,
    );
  }
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
  if (error instanceof EndorseError && error.code === REFUSED && chaincodeUnreachable(error)) {
    return new GatewayError(ErrorCode.LedgerUnavailable, `no peer's chaincode could endorse the transaction: ${message}`);
  }
  // fabric-gateway exports SubmitError as a type only: known by its name.
  if (
    error instanceof FabricGatewayError &&
    error.name === 'SubmitError' &&
    error.code === REFUSED &&
    /SERVICE_UNAVAILABLE/.test(error.message)
  ) {
    return new GatewayError(ErrorCode.LedgerUnavailable, `the ordering service takes no transaction now (electing a leader?): ${message}`);
  }
  // Too few organisations' peers are up to endorse as the policy asks: the network is short of peers, not the request wrong.
  if (error instanceof FabricGatewayError && error.code === SHORT_OF_PEERS && /no combination of peers/.test(error.message)) {
    return new GatewayError(ErrorCode.LedgerUnavailable, `too few organisations' peers can be reached to endorse: ${error.message}`);
  }
  return error;
}
