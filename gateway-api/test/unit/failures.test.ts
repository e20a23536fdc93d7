// What a client is told when a part of the system is down: PostgreSQL stopped or restarting is DATABASE_UNAVAILABLE
// (try again), too few peers to endorse is LEDGER_UNAVAILABLE; anything else unexpected stays masked as INTERNAL.
// Each is still logged under the id its answer carries.
import * as grpc from '@grpc/grpc-js';
import { GatewayError as FabricGatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../../src/errors';
import { maskError } from '../../src/graphql/errors';
import { ledgerFailure } from '../../src/ledger/ledger-failure';

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

  it('tells LEDGER_UNAVAILABLE when too few organisations have a peer up to endorse, and passes other refusals on', function () {
    const fabric = (code: grpc.status, message: string) =>
      new FabricGatewayError({
        code,
        details: [],
        cause: Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() }),
        message,
      });
    const short = ledgerFailure(
      fabric(grpc.status.FAILED_PRECONDITION, 'no combination of peers can be derived which satisfy the endorsement policy'),
    );
    expect(short).to.be.instanceOf(GatewayError);
    expect((short as GatewayError).code).to.equal(ErrorCode.LedgerUnavailable);
    expect((short as GatewayError).message).to.match(/^too few organisations' peers can be reached to endorse: /);
    const other = fabric(grpc.status.FAILED_PRECONDITION, 'chaincode definition for plasma not found');
    expect(ledgerFailure(other)).to.equal(other);
  });
});
