// Organisation cards: what passes between organisations. Each member's card, signed by its admin, is received and
// checked before the channel's configuration is made from it; a card changed on the way, signed by someone who is not
// the organisation's admin, or vouching for a certificate its CA did not issue, is refused, naming the field.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  loadTopology,
  organisation,
  organisationCardFile,
  readOrganisationCard,
  receivedCard,
  receivedCardFile,
  receiveOrganisationCard,
  signingFiles,
  userIdentityDir,
  type OrganisationCard,
} from '@plasma/network';
import { signLowS, toCanonicalJson } from '@plasma/chaincode';

const topology = loadTopology();
const handedOut = (org: string): OrganisationCard => JSON.parse(readFileSync(organisationCardFile(org), 'utf8')) as OrganisationCard;

/** `card` with `change` made and signed again by `org`'s `user` (their certificate put in as the signer's). */
function resigned(card: OrganisationCard, change: Partial<OrganisationCard>, org: string, user: string): OrganisationCard {
  const files = signingFiles(userIdentityDir(org, user));
  const { signature: _old, ...unsigned } = { ...card, ...change, admin: readFileSync(files.cert, 'utf8') };
  return { ...unsigned, signature: signLowS(Buffer.from(toCanonicalJson(unsigned)), readFileSync(files.key)).toString('base64') };
}

const refusal = (card: unknown): string => {
  try {
    readOrganisationCard(card);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the card was accepted');
};

describe('organisation cards', function () {
  it("makes the channel from every member's card as received: signed by its admin, its nodes as the topology has them", function () {
    for (const org of topology.organisations) {
      const card = receivedCard(org);
      expect(card.organisation.mspId).to.equal(org.mspId);
      expect(card.nodes.filter((n) => n.kind === 'orderer').every((n) => n.tlsCertificate?.startsWith('-----BEGIN CERTIFICATE'))).to.equal(
        true,
      );
    }
  });

  it('refuses a card changed on the way, naming its signature', function () {
    const card = handedOut('StationA');
    const claimed = { ...card, organisation: { ...card.organisation, facilities: [...card.organisation.facilities, 'G1002'] } };
    expect(refusal(claimed)).to.equal("organisation card: signature must be the admin's signature over the rest of the card");
    expect(refusal({ ...card, nodes: [{ ...card.nodes[0]!, host: '203.0.113.7' }] })).to.match(/signature must be the admin's/);
  });

  it("refuses a card signed by anyone but the organisation's admin, or by another organisation's admin", function () {
    const card = handedOut('StationA');
    expect(refusal(resigned(card, {}, 'StationA', 'collector1'))).to.equal(
      "organisation card: admin must be an admin's certificate (OU admin, and no client, peer or orderer OU)",
    );
    expect(refusal(resigned(card, {}, 'StationB', 'admin'))).to.match(/^organisation card: admin must be issued by .*ca-stationa/);
    // Signed again by its own admin, the same card is accepted: the refusals above are about the signer.
    expect(readOrganisationCard(resigned(card, {}, 'StationA', 'admin')).organisation.mspId).to.equal('StationAMSP');
  });

  it("refuses an orderer's TLS certificate its organisation's CA did not issue, and members the format does not have", function () {
    const factory = handedOut('Factory');
    const stranger = handedOut('Regulator').nodes.find((n) => n.kind === 'orderer')!.tlsCertificate!;
    const nodes = factory.nodes.map((n) => (n.kind === 'orderer' ? { ...n, tlsCertificate: stranger } : n));
    const index = nodes.findIndex((n) => n.kind === 'orderer');
    expect(refusal(resigned(factory, { nodes }, 'Factory', 'admin'))).to.match(
      new RegExp(`^organisation card: nodes\\[${index}\\]\\.tlsCertificate must be issued by .*ca-factory`),
    );
    expect(refusal({ ...factory, privateKey: 'x' })).to.equal(
      'organisation card: privateKey is not a member of plasma-organisation-card/1',
    );
  });

  it('refuses a received card that describes other nodes than the topology does', function () {
    const stationB = organisation(topology, 'StationB');
    const moved = { ...stationB, peers: stationB.peers.map((p) => ({ ...p, port: p.port + 1 })) };
    expect(() => receivedCard(moved)).to.throw(
      /^the card of StationB describes StationBMSP StationB station \[G1002\] with peer0\.stationb 127\.0\.0\.1:\d+; network\/topology\.yaml has/,
    );
  });

  it('refuses, before writing anything, a card its own admin signed that claims more than the topology gives it', function () {
    const stationA = organisation(topology, 'StationA');
    const card = handedOut('StationA');
    const claims = [
      { ...card.organisation, kind: 'regulator' as const },
      { ...card.organisation, facilities: ['G1001', 'G2001'] },
      // A name is also no way out of the cards' folder: every path comes from the topology.
      { ...card.organisation, name: '../../orgs/stationa/msp' },
    ];
    const kept = readFileSync(receivedCardFile('StationA'), 'utf8');
    for (const organisation of claims) {
      const text = JSON.stringify(resigned(card, { organisation }, 'StationA', 'admin'));
      expect(() => receiveOrganisationCard(stationA, text)).to.throw(/^the card of StationA describes /);
    }
    expect(readFileSync(receivedCardFile('StationA'), 'utf8')).to.equal(kept);
  });

  it('refuses a card dated in the future and a node member the format does not have', function () {
    const card = handedOut('StationB');
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    expect(refusal(resigned(card, { issuedAt: tomorrow }, 'StationB', 'admin'))).to.match(
      /^organisation card: issuedAt must not be after /,
    );
    const nodes = card.nodes.map((n) => ({ ...n, chaincodeKey: 'x' }));
    expect(refusal(resigned(card, { nodes }, 'StationB', 'admin'))).to.equal(
      'organisation card: nodes[0].chaincodeKey is not a member of a node in plasma-organisation-card/1',
    );
  });
});
