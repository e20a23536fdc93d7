// ECDSA P-256 signing with Node's OpenSSL instead of the gateway library's pure-JavaScript signer, which cost
// several milliseconds of CPU per transaction; in the low-S DER form Fabric requires (the chaincode's signLowS).
import type { KeyObject } from 'node:crypto';
import type { Signer } from '@hyperledger/fabric-gateway';
import { signLowS } from '@plasma/chaincode';

/** Signs the whole message (the connection must hash with `hash.none`): SHA-256, then ECDSA, low-S, DER. */
export function nativeP256Signer(key: KeyObject): Signer {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('a Fabric identity key must be an ECDSA P-256 private key');
  }
  return async (message) => signLowS(message, key);
}
