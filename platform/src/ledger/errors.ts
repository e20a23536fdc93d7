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
