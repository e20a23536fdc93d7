// What a client is told when a part of the system is down: PostgreSQL stopped or restarting is DATABASE_UNAVAILABLE
// (try again), too few peers to endorse is LEDGER_UNAVAILABLE; anything else unexpected stays masked as INTERNAL.
// Each is still logged under the id its answer carries.
import * as grpc from '@grpc/grpc-js';
import { EndorseError, GatewayError as FabricGatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../../src/errors';
import { maskError } from '../../src/graphql/errors';
import { answeringTransaction, ledgerFailure } from '../../src/ledger/ledger-failure';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

function masked(error: Error): { message: string; code: unknown; logged: string[] } {
  const logged: string[] = [];
  const answer = maskError((id) => logged.push(id))(new GraphQLError(error.message, { originalError: error }), error.message);
  if (!(answer instanceof GraphQLError)) throw new Error('maskError answers a GraphQLError');
  expect(answer.extensions.errorId, 'the answer names the logged error').to.equal(logged[0]);
  return { message: answer.message, code: answer.extensions.code, logged };
}

describe('failures a client is told about', function () {
  it('tells DATABASE_UNAVAILABLE when PostgreSQL refuses connections, is starting, crashed or went away mid-query', function () {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:17600', 'ECONNREFUSED'),
      withCode('the database system is starting up', '57P03'),
      withCode('terminating connection because of crash of another server process', '57P02'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      const answer = masked(error);
      expect(answer.code, error.message).to.equal(ErrorCode.DatabaseUnavailable);
      expect(answer.message).to.equal("the organisation's database cannot be reached or is restarting; try again shortly");
      expect(answer.logged).to.have.length(1);
    }
  });

  it('masks as INTERNAL what a working database refuses, and any other unexpected error', function () {
    for (const error of [withCode('duplicate key value violates unique constraint', '23505'), new Error('undefined is not a function')]) {
      expect(masked(error)).to.deep.include({ message: 'Unexpected error.', code: 'INTERNAL' });
    }
  });

  const fabric = (code: grpc.status, message: string, details: string[] = []) =>
    new FabricGatewayError({
      code,
      details: details.map((detail) => ({ address: 'peer0.stationa:7051', mspId: 'StationAMSP', message: detail })),
      cause: Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() }),
      message,
    });

  it('tells LEDGER_UNAVAILABLE when too few organisations have a peer up to endorse, and passes other refusals on', function () {
    const short = ledgerFailure(
      fabric(grpc.status.FAILED_PRECONDITION, 'no combination of peers can be derived which satisfy the endorsement policy'),
    );
    expect(short).to.be.instanceOf(GatewayError);
    expect((short as GatewayError).code).to.equal(ErrorCode.LedgerUnavailable);
    expect((short as GatewayError).message).to.match(/^too few organisations' peers can be reached to endorse: /);
    const other = fabric(grpc.status.FAILED_PRECONDITION, 'chaincode definition for plasma not found');
    expect(ledgerFailure(other)).to.equal(other);
  });

  const endorsement = (details: string[], mspId = 'StationAMSP') =>
    new EndorseError({
      code: grpc.status.ABORTED,
      details: details.map((detail) => ({ address: 'peer0.stationa:7051', mspId, message: detail })),
      cause: Object.assign(new Error('failed to endorse transaction'), {
        code: grpc.status.ABORTED,
        details: '',
        metadata: new grpc.Metadata(),
      }),
      message: 'failed to endorse transaction, see attached details for more info',
      transactionId: '1a2b',
    });

  it("tells LEDGER_UNAVAILABLE when no peer's chaincode could be reached to endorse, but not when endorsing failed otherwise", function () {
    const unreachable = ledgerFailure(
      endorsement(['error in simulation: failed to execute transaction 1a2b: could not launch chaincode plasma_1.0: connection refused']),
    );
    expect(unreachable).to.be.instanceOf(GatewayError);
    expect((unreachable as GatewayError).code).to.equal(ErrorCode.LedgerUnavailable);
    expect((unreachable as GatewayError).message).to.match(
      /^no peer's chaincode could endorse the transaction: .*could not launch chaincode/,
    );
    // The chaincode's own refusal keeps its code; its unexpected failure, and endorsers that disagree (a bug, which trying
    // again will not mend), stay unexpected (masked as INTERNAL).
    const refused = ledgerFailure(endorsement(['chaincode response 500, CONFLICT: donation G100125000001 is already recorded']));
    expect((refused as GatewayError).code).to.equal(ErrorCode.Conflict);
    for (const detail of [
      "chaincode response 500, TypeError: cannot read properties of undefined (reading 'din')",
      'ProposalResponsePayloads do not match',
    ]) {
      const bug = endorsement([detail]);
      expect(ledgerFailure(bug), detail).to.equal(bug);
    }
  });

  it("takes a repeat's first transaction on its own organisation's peer's word only; another's word is PENDING", function () {
    const first = 'ab'.repeat(32);
    const answered = [`chaincode response 500, ANSWERED: ${first} answered clientRequestId req-1 (Donation:RecordDonation)`];
    expect(answeringTransaction(endorsement(answered), 'StationAMSP')).to.equal(first);
    // Asked by evaluating the request again (a signed step repeated after it committed): the evaluating peer's answer.
    expect(answeringTransaction(fabric(grpc.status.UNKNOWN, 'evaluate call to endorser returned error', answered), 'StationAMSP')).to.equal(
      first,
    );
    // Another organisation's peer could name any transaction: not taken as the answer.
    expect(answeringTransaction(endorsement(answered, 'FactoryMSP'), 'StationAMSP')).to.equal(undefined);
    const pending = ledgerFailure(endorsement(answered, 'FactoryMSP')) as GatewayError;
    expect(pending).to.be.instanceOf(GatewayError);
    expect(pending.code).to.equal(ErrorCode.Pending);
    // The transaction it names is its claim, not one the client is told to ask about.
    expect(pending.details).to.not.have.property('transactionId');
    // Any other refusal is no answer.
    const conflict = endorsement(['chaincode response 500, CONFLICT: donation G100125000001 is already recorded']);
    expect(answeringTransaction(conflict, 'StationAMSP')).to.equal(undefined);
    expect(answeringTransaction(new Error(answered[0]), 'StationAMSP')).to.equal(undefined);
  });

  it('tells LEDGER_UNAVAILABLE when the orderers take no transaction (no leader), and passes their other refusals on', function () {
    const orderers = (status: string) =>
      Object.assign(fabric(grpc.status.ABORTED, `received unsuccessful response from orderer: status=${status}, info=`), {
        name: 'SubmitError',
      });
    const noLeader = ledgerFailure(orderers('SERVICE_UNAVAILABLE'));
    expect((noLeader as GatewayError).code).to.equal(ErrorCode.LedgerUnavailable);
    const badRequest = orderers('BAD_REQUEST');
    expect(ledgerFailure(badRequest)).to.equal(badRequest);
  });
});
