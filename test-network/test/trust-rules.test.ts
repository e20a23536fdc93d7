// Issue 10 on the running network: what the peers and Fabric's validation refuse, not only the chaincode's test
// ledger. A proposal whose client lies about its time finds no endorser; a record changed without its owner's peer is
// invalid at commit; the registry was written with every founding member's endorsement.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { connect, EndorseError, hash, type Gateway } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';
import { signLowS } from '@plasma/chaincode';
import { parseBlock } from '@plasma/gateway-api';
import { address, firstPeer, loadTopology, organisation, orgCaCert, signingFiles, userIdentityDir } from '@plasma/network';
import { peerConnection } from '@plasma/platform';
import { donation, eventually, ledgerPeople, newDin, refusal } from '@plasma/testkit';

const topology = loadTopology();
const HOUR_MS = 60 * 60 * 1000;
const GRPC_UNAVAILABLE = 14;

/** A gateway for `user` of `org` that signs nothing itself: the test signs each proposal it builds (offline signing). */
function offlineGateway(org: string, user: string): { gateway: Gateway; key: Buffer; close: () => void } {
  const organisation_ = organisation(topology, org);
  const files = signingFiles(userIdentityDir(organisation_.name, user));
  const via = firstPeer(organisation_);
  const client = peerConnection({ address: address(via), tlsRootCert: readFileSync(orgCaCert(via.org)) });
  const gateway = connect({ client, identity: { mspId: organisation_.mspId, credentials: readFileSync(files.cert) }, hash: hash.none });
  return {
    gateway,
    key: readFileSync(files.key),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/**
 * The proposal `fcn(args)` would send, with its channel header's timestamp moved by `offsetMs`, signed by its creator:
 * a client whose clock is wrong, or who lies about time.
 */
async function endorseStampedAt(org: string, user: string, fcn: string, args: string[], offsetMs: number): Promise<void> {
  const { gateway, key, close } = offlineGateway(org, user);
  try {
    const contract = gateway.getNetwork(topology.channel).getContract(topology.chaincode.name, 'Donation');
    const unsigned = contract.newProposal(fcn, { arguments: args });
    const proposed = gatewayProtos.ProposedTransaction.deserializeBinary(unsigned.getBytes());
    const signedProposal = proposed.getProposal()!;
    const proposal = peer.Proposal.deserializeBinary(signedProposal.getProposalBytes_asU8());
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    const stamp = channelHeader.getTimestamp()!;
    stamp.setSeconds(stamp.getSeconds() + offsetMs / 1000);
    channelHeader.setTimestamp(stamp);
    header.setChannelHeader(channelHeader.serializeBinary());
    proposal.setHeader(header.serializeBinary());
    signedProposal.setProposalBytes(proposal.serializeBinary());
    const proposalBytes = signedProposal.getProposalBytes_asU8();
    const signed = gateway.newSignedProposal(proposed.serializeBinary(), signLowS(proposalBytes, key));
    await signed.endorse();
  } finally {
    close();
  }
}

describe('trust rules on the network (issue 10)', () => {
  const people = ledgerPeople(topology);
  after(() => people.close());

  it('item 1: every endorsing peer refuses a proposal stamped an hour behind or ahead of its clock, naming the timestamp', async () => {
    for (const offset of [-HOUR_MS, HOUR_MS]) {
      const din = newDin('G1001');
      const message = await refusal(() =>
        endorseStampedAt('StationA', 'collector1', 'RecordDonation', [JSON.stringify(donation(din))], offset),
      );
      expect(message).to.match(
        /^VALIDATION: timestamp: the transaction's timestamp \S+ differs from the endorsing peer's clock \(\S+\) by more than the 5 minutes/,
      );
    }
    // The same proposal, stamped now, is endorsed: only the time was wrong.
    await endorseStampedAt('StationA', 'collector1', 'RecordDonation', [JSON.stringify(donation(newDin('G1001')))], 0);
  });

  it('item 10: a donation changed with the endorsements of two organisations other than its station is invalid at commit', async () => {
    const din = newDin('G1001');
    await people.submit('StationA', 'collector1', 'Donation', 'RecordDonation', donation(din));
    // The submit waited for StationA's peer only: the chosen endorsers must have committed the donation too.
    for (const org of ['StationB', 'Regulator'])
      await eventually(() => people.query(org, org === 'Regulator' ? 'inspector1' : 'collector1', 'Donation', 'GetDonation', din));
    const contract = people.as('StationA', 'collector1').contract('Donation');
    const excursion = JSON.stringify({ location: 'G1001 freezer 1', maxTemperatureC: -12, durationHours: 1 });
    // Endorsed by exactly `orgs`. Right after the network restarts, StationA's gateway may not know another member's peer
    // yet (UNAVAILABLE: failed to find any endorsing peers): asked again until it does.
    const endorsedBy = async (orgs: string[]) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await contract
            .newProposal('RecordTemperatureExcursion', { arguments: [JSON.stringify([din]), excursion], endorsingOrganizations: orgs })
            .endorse();
        } catch (error) {
          if (attempt >= 60 || !(error instanceof EndorseError) || error.code !== GRPC_UNAVAILABLE) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    };
    // The chaincode on StationB's and the Regulator's peers runs honestly, but StationA's peer never saw the change.
    const wrong = await endorsedBy(['StationBMSP', 'RegulatorMSP']);
    const status = await (await wrong.submit()).getStatus();
    expect(status.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    expect((await people.query('Regulator', 'inspector1', 'Donation', 'GetDonation', din)).status).to.equal('collected');
    // With StationA's peer among the endorsers the same change commits.
    const right = await endorsedBy(['StationAMSP', 'RegulatorMSP']);
    expect((await (await right.submit()).getStatus()).code).to.equal(peer.TxValidationCode.VALID);
  });

  it('item 11: the registry was created with the endorsement of every founding member and needs a majority to change', async () => {
    const registry = await people.query('Regulator', 'inspector1', 'Consortium', 'GetRegistry');
    const history = await people.query('Regulator', 'inspector1', 'Lineage', 'GetAuditTrail', 'consortium', 'consortium');
    const genesis = history[0] as { txId: string; what: string };
    expect(genesis.what).to.equal('Consortium:InitConsortium');
    const qscc = people.as('Regulator', 'inspector1').gateway.getNetwork(topology.channel).getContract('qscc');
    const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByTxID', topology.channel, genesis.txId));
    const transaction = parseBlock(block, { namespace: topology.chaincode.name }).transactions.find(({ txId }) => txId === genesis.txId)!;
    const endorsingMembers = [...new Set(transaction.endorsers.map((endorser) => endorser.split('/')[0]))].sort();
    expect(endorsingMembers).to.deep.equal(topology.organisations.map(({ mspId }) => mspId).sort());
    expect(registry.organisations.map(({ mspId }: { mspId: string }) => mspId).sort()).to.deep.equal(endorsingMembers);
    // A second InitConsortium, by anyone, is refused.
    expect(await refusal(() => people.submit('StationB', 'admin', 'Consortium', 'InitConsortium', registry.organisations))).to.match(
      /^CONFLICT: the consortium is already initialised/,
    );
  });
});
