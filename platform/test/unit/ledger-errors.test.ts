// Endorsers that disagree: a refusal by other organisations' chaincode alone (one of their peers a block behind) is
// endorsed again by the gateway and the test clients; the own organisation's peer's refusal, or a peer not reached, is not.
import * as grpc from '@grpc/grpc-js';
import { EndorseError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { refusedByOthersOnly } from '../../src/ledger/errors';

const PEERS: Readonly<Record<string, string>> = { StationAMSP: 'peer0.stationa:7051', FactoryMSP: 'peer0.factory:7051' };

/** The endorsement failure the gateway reports when each of `refusals`' peers answered its message. */
const refused = (...refusals: { mspId: string; message: string }[]) =>
  new EndorseError({
    code: grpc.status.ABORTED,
    details: refusals.map(({ mspId, message }) => ({ address: PEERS[mspId]!, mspId, message })),
    cause: Object.assign(new Error('failed to endorse transaction'), {
      code: grpc.status.ABORTED,
      details: '',
      metadata: new grpc.Metadata(),
    }),
    message: 'failed to collect enough transaction endorsements, see attached details for more info',
    transactionId: '1a2b',
  });

describe('endorsers that disagree', function () {
  const custody =
    'chaincode response 500, FORBIDDEN: donation G100126386278 is in the custody of StationAMSP; FactoryMSP may not quarantine it';

  it("tells a refusal by another organisation's chaincode alone (its peer behind the others) from the own peer's", function () {
    // The factory's own peer endorsed the quarantine of a bag it has received; the station's peer, a block behind, refuses.
    expect(refusedByOthersOnly(refused({ mspId: 'StationAMSP', message: custody }), 'FactoryMSP')).to.equal(true);
    // The own organisation's peer refusing is the organisation's own view of the ledger: final, alone or with others.
    expect(refusedByOthersOnly(refused({ mspId: 'FactoryMSP', message: custody }), 'FactoryMSP')).to.equal(false);
    const both = refused({ mspId: 'StationAMSP', message: custody }, { mspId: 'FactoryMSP', message: custody });
    expect(refusedByOthersOnly(both, 'FactoryMSP')).to.equal(false);
  });

  it('counts no peer not reached, no answer at all, and no failure other than an endorsement as a disagreement', function () {
    const timedOut = refused({ mspId: 'StationAMSP', message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' });
    expect(refusedByOthersOnly(timedOut, 'FactoryMSP')).to.equal(false);
    expect(refusedByOthersOnly(refused(), 'FactoryMSP')).to.equal(false);
    expect(refusedByOthersOnly(new Error(custody), 'FactoryMSP')).to.equal(false);
  });
});
