// What a failed ledger call says, reduced to the chaincode's own message where there is one.
import { EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { errorMessage } from '../errors';

/**
 * Endorsement failures carry each peer's answer in `details`; the chaincode's message (for example
 * `VALIDATION: din: ...`) is in there, and is what a person needs to read.
 */
export function ledgerErrorMessage(error: unknown): string {
  if (error instanceof GatewayError) {
    const details = error.details.map((d) => d.message).filter((m) => m.length > 0);
    const chaincodeMessage = details.map((m) => /chaincode response \d+, (.*)$/s.exec(m)?.[1] ?? m)[0];
    if (chaincodeMessage) return chaincodeMessage;
    if (error instanceof EndorseError) return error.message;
  }
  return errorMessage(error);
}

/**
 * An endorsement refused only by other organisations' chaincode: the peer of `ownMspId`, asked first, endorsed it, so
 * the peers disagree about the ledger, which is what a peer a block behind the others says (a bag just received at the
 * factory is still in the station's custody to the station's peer). Worth endorsing again once that peer holds the
 * block. A refusal by the own organisation's peer, which runs the same rules on the state it sees, is final; a peer not
 * reached (its own timeout, no connection) is no disagreement.
 */
export function refusedByOthersOnly(error: unknown, ownMspId: string): boolean {
  return (
    error instanceof EndorseError &&
    error.details.length > 0 &&
    error.details.every((d) => d.mspId !== ownMspId && /^chaincode response \d+, /.test(d.message))
  );
}
