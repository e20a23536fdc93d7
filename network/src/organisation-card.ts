// An organisation's card: what it tells the rest of the consortium about itself, signed by its admin. It is public
// material only, and with signed channel-config updates the only thing that passes between organisations: the channel's
// genesis is built from the cards the members received, never from another organisation's files. Its `organisation`
// member is the consortium registry's entry for it, which its own chaincode server vouches for at genesis.
// The format is written down in docs/organisation-card.md.
import { X509Certificate, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readOrganisations, signLowS, toCanonicalJson, type Organisation as RegistryEntry } from '@plasma/chaincode';
import {
  adminUser,
  nodeIdentityDir,
  orgCaCert,
  orgDir,
  receivedCardFile,
  receivedMspDir,
  receivedOrdererTlsCert,
  signingFiles,
  tlsFiles,
  userIdentityDir,
} from './layout';
import { writeMsp } from './msp';
import type { Organisation } from './topology';

export const CARD_FORMAT = 'plasma-organisation-card/1';

export interface CardNode {
  readonly name: string;
  readonly kind: 'peer' | 'orderer';
  readonly host: string;
  readonly port: number;
  /** An orderer's TLS certificate, PEM: the channel names it as a Raft consenter. */
  readonly tlsCertificate?: string;
}

export interface OrganisationCard {
  readonly format: typeof CARD_FORMAT;
  /** The registry's entry: MSP ID, name, kind, facilities and the root certificate of its CA. */
  readonly organisation: RegistryEntry;
  /** The root of its nodes' TLS certificates, PEM. */
  readonly tlsCaCertificate: string;
  readonly nodes: readonly CardNode[];
  readonly issuedAt: string;
  /** The enrolment certificate of the admin who signed it: issued by `organisation.caCertificate`, with OU admin. */
  readonly admin: string;
  /** ECDSA P-256 over SHA-256 of the canonical JSON (RFC 8785) of every other member, DER, base64. */
  readonly signature: string;
}

/** The organisation's own card, made from its own files and signed with its admin's key. */
export function organisationCard(org: Organisation, issuedAt = new Date()): OrganisationCard {
  const caCertificate = readFileSync(orgCaCert(org.name), 'utf8');
  const admin = signingFiles(userIdentityDir(org.name, adminUser));
  const unsigned: Omit<OrganisationCard, 'signature'> = {
    format: CARD_FORMAT,
    organisation: { mspId: org.mspId, name: org.name, kind: org.kind, facilities: [...org.facilities], caCertificate },
    // One CA per organisation issues its enrolment and its TLS certificates (msp.ts).
    tlsCaCertificate: caCertificate,
    nodes: [
      ...org.peers.map((p): CardNode => ({ name: p.name, kind: 'peer', host: p.host, port: p.port })),
      ...org.orderers.map((o): CardNode => ({
        name: o.name,
        kind: 'orderer',
        host: o.host,
        port: o.port,
        tlsCertificate: readFileSync(tlsFiles(nodeIdentityDir(org.name, o.name)).cert, 'utf8'),
      })),
    ],
    issuedAt: issuedAt.toISOString(),
    admin: readFileSync(admin.cert, 'utf8'),
  };
  const signature = signLowS(Buffer.from(toCanonicalJson(unsigned)), readFileSync(admin.key)).toString('base64');
  return { ...unsigned, signature };
}

class CardError extends Error {
  constructor(field: string, rule: string) {
    super(`organisation card: ${field} ${rule}`);
  }
}

function certificate(pem: unknown, field: string): X509Certificate {
  if (typeof pem !== 'string') throw new CardError(field, 'must be a PEM certificate');
  try {
    return new X509Certificate(pem);
  } catch {
    throw new CardError(field, 'must be a PEM certificate');
  }
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate, field: string, at: Date): void {
  if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
    throw new CardError(field, `must be issued by ${issuer.subject.replace(/\n/g, ', ')}`);
  if (at < new Date(cert.validFrom) || at > new Date(cert.validTo)) throw new CardError(field, `must be valid on ${at.toISOString()}`);
}

/**
 * Reads a card another organisation sent, and accepts it only as its admin signed it: the registry entry by the
 * chaincode's own rule, the admin's certificate issued by the card's CA with OU admin, the signature over the rest,
 * each orderer's TLS certificate issued by its TLS CA. Errors name the field and the rule.
 */
export function readOrganisationCard(value: unknown, at = new Date()): OrganisationCard {
  if (typeof value !== 'object' || value === null) throw new CardError('', 'must be a JSON object');
  const card = value as Record<string, unknown>;
  const known = ['format', 'organisation', 'tlsCaCertificate', 'nodes', 'issuedAt', 'admin', 'signature'];
  const unknown = Object.keys(card).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new CardError(unknown, `is not a member of ${CARD_FORMAT}`);
  if (card.format !== CARD_FORMAT) throw new CardError('format', `must be ${CARD_FORMAT}`);
  const [organisation] = readOrganisations([card.organisation], 'organisation card: organisation');
  const ca = certificate(organisation!.caCertificate, 'organisation.caCertificate');
  const tlsCa = certificate(card.tlsCaCertificate, 'tlsCaCertificate');
  if (!tlsCa.ca) throw new CardError('tlsCaCertificate', 'must be a CA certificate');
  if (typeof card.issuedAt !== 'string' || Number.isNaN(Date.parse(card.issuedAt)))
    throw new CardError('issuedAt', 'must be an ISO 8601 time');
  const admin = certificate(card.admin, 'admin');
  issuedBy(admin, ca, 'admin', at);
  if (!/^OU=admin$/m.test(admin.subject)) throw new CardError('admin', "must be an admin's certificate (OU admin)");
  if (!Array.isArray(card.nodes) || card.nodes.length === 0) throw new CardError('nodes', 'must list its peers and orderers');
  const nodes = card.nodes.map((node: unknown, index): CardNode => {
    const field = `nodes[${index}]`;
    const { name, kind, host, port, tlsCertificate } = (node ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9.-]{0,62}$/.test(name)) throw new CardError(`${field}.name`, 'must be a node name');
    if (kind !== 'peer' && kind !== 'orderer') throw new CardError(`${field}.kind`, 'must be peer or orderer');
    if (typeof host !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(host))
      throw new CardError(`${field}.host`, 'must be a host name or address');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new CardError(`${field}.port`, 'must be a TCP port');
    if (kind === 'orderer') issuedBy(certificate(tlsCertificate, `${field}.tlsCertificate`), tlsCa, `${field}.tlsCertificate`, at);
    return { name, kind, host, port, ...(kind === 'orderer' ? { tlsCertificate: tlsCertificate as string } : {}) };
  });
  const { signature, ...unsigned } = card;
  if (typeof signature !== 'string') throw new CardError('signature', 'must be base64');
  const signed = Buffer.from(toCanonicalJson(unsigned));
  if (!verify('sha256', signed, admin.publicKey, Buffer.from(signature, 'base64'))) {
    throw new CardError('signature', "must be the admin's signature over the rest of the card");
  }
  return {
    format: CARD_FORMAT,
    organisation: organisation!,
    tlsCaCertificate: card.tlsCaCertificate as string,
    nodes,
    issuedAt: card.issuedAt,
    admin: card.admin as string,
    signature,
  };
}

/**
 * A card this host received, checked again as it is read (a card kept on disk is no more trusted than one arriving);
 * it must also describe the organisation's nodes as the consortium's topology does.
 */
export function receivedCard(org: Organisation, at = new Date()): OrganisationCard {
  const card = readOrganisationCard(JSON.parse(readFileSync(receivedCardFile(org.name), 'utf8')), at);
  const described = (nodes: readonly { name: string; host: string; port: number }[]): string =>
    nodes
      .map((n) => `${n.name} ${n.host}:${n.port}`)
      .sort()
      .join(', ');
  const agreed = described([...org.peers, ...org.orderers]);
  if (card.organisation.mspId !== org.mspId || described(card.nodes) !== agreed) {
    throw new Error(
      `the card of ${org.name} describes ${card.organisation.mspId} with ${described(card.nodes)}; network/topology.yaml has ${org.mspId} with ${agreed}`,
    );
  }
  return card;
}

/** Where an organisation keeps its own card, to hand to the others (and to its chaincode server). */
export const organisationCardFile = (org: string): string => path.join(orgDir(org), 'organisation-card.json');

/** Writes the organisation's own card where it hands it out; returns its path. */
export function writeOrganisationCard(org: Organisation): string {
  const file = organisationCardFile(org.name);
  writeFileSync(file, `${JSON.stringify(organisationCard(org), null, 2)}\n`);
  return file;
}

/**
 * Accepts a card another organisation handed over: verified, then kept among the cards received (consortiumDir) with
 * what the channel's configuration needs of it laid out beside it: its MSP folder and its orderers' TLS certificates.
 */
export function receiveOrganisationCard(value: unknown, at = new Date()): OrganisationCard {
  const card = readOrganisationCard(value, at);
  const name = card.organisation.name;
  mkdirSync(path.dirname(receivedCardFile(name)), { recursive: true });
  writeFileSync(receivedCardFile(name), `${JSON.stringify(card, null, 2)}\n`);
  writeMsp(receivedMspDir(name), card.organisation.caCertificate, card.tlsCaCertificate);
  for (const node of card.nodes) {
    if (node.tlsCertificate === undefined) continue;
    mkdirSync(path.dirname(receivedOrdererTlsCert(name, node.name)), { recursive: true });
    writeFileSync(receivedOrdererTlsCert(name, node.name), node.tlsCertificate);
  }
  return card;
}
