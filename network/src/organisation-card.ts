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
  receivedOrdererIdentityCert,
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
  /** An orderer's TLS certificate, PEM: the channel names it as a consenter. */
  readonly tlsCertificate?: string;
  /** An orderer's enrolment certificate, PEM, issued by the organisation's CA: a BFT consenter's identity. */
  readonly identityCertificate?: string;
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
        identityCertificate: readFileSync(signingFiles(nodeIdentityDir(org.name, o.name)).cert, 'utf8'),
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

/** The OU values of a subject as node:crypto prints it: one attribute a line, several of one RDN joined by `+`. */
function organisationalUnits(subject: string): string[] {
  return subject
    .split('\n')
    .flatMap((line) => line.split('+'))
    .filter((attribute) => attribute.startsWith('OU='))
    .map((attribute) => attribute.slice(3));
}

/** How far in the future a card may say it was made: the clocks of two organisations' hosts may differ that much. */
const ISSUED_AHEAD_TOLERANCE_MS = 5 * 60_000;

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
  if (Date.parse(card.issuedAt) > at.getTime() + ISSUED_AHEAD_TOLERANCE_MS)
    throw new CardError('issuedAt', `must not be after ${at.toISOString()}`);
  const admin = certificate(card.admin, 'admin');
  issuedBy(admin, ca, 'admin', at);
  const units = organisationalUnits(admin.subject);
  if (!units.includes('admin') || units.some((unit) => ['client', 'peer', 'orderer'].includes(unit))) {
    throw new CardError('admin', "must be an admin's certificate (OU admin, and no client, peer or orderer OU)");
  }
  if (!Array.isArray(card.nodes) || card.nodes.length === 0) throw new CardError('nodes', 'must list its peers and orderers');
  const nodes = card.nodes.map((node: unknown, index): CardNode => {
    const field = `nodes[${index}]`;
    const members = (node ?? {}) as Record<string, unknown>;
    const stray = Object.keys(members).find(
      (key) => !['name', 'kind', 'host', 'port', 'tlsCertificate', 'identityCertificate'].includes(key),
    );
    if (stray !== undefined) throw new CardError(`${field}.${stray}`, `is not a member of a node in ${CARD_FORMAT}`);
    const { name, kind, host, port, tlsCertificate, identityCertificate } = members;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9.-]{0,62}$/.test(name)) throw new CardError(`${field}.name`, 'must be a node name');
    if (kind !== 'peer' && kind !== 'orderer') throw new CardError(`${field}.kind`, 'must be peer or orderer');
    if (typeof host !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(host))
      throw new CardError(`${field}.host`, 'must be a host name or address');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new CardError(`${field}.port`, 'must be a TCP port');
    if (kind !== 'orderer') return { name, kind, host, port };
    issuedBy(certificate(tlsCertificate, `${field}.tlsCertificate`), tlsCa, `${field}.tlsCertificate`, at);
    issuedBy(certificate(identityCertificate, `${field}.identityCertificate`), ca, `${field}.identityCertificate`, at);
    return { name, kind, host, port, tlsCertificate: tlsCertificate as string, identityCertificate: identityCertificate as string };
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
 * The card of `org` checked against the consortium's topology: the registry entry names the organisation, kind and
 * facilities the topology gives it, and its nodes are the topology's, each with the same host and port. A valid card
 * that claims more (another kind, another station's FIN, another name) is refused.
 */
function agreedWithTopology(card: OrganisationCard, org: Organisation): OrganisationCard {
  const described = (nodes: readonly { name: string; host: string; port: number }[]): string =>
    nodes
      .map((n) => `${n.name} ${n.host}:${n.port}`)
      .sort()
      .join(', ');
  const entry = card.organisation;
  const claims = `${entry.mspId} ${entry.name} ${entry.kind} [${entry.facilities.join(' ')}] with ${described(card.nodes)}`;
  const agreed = `${org.mspId} ${org.name} ${org.kind} [${org.facilities.join(' ')}] with ${described([...org.peers, ...org.orderers])}`;
  if (claims !== agreed) throw new Error(`the card of ${org.name} describes ${claims}; network/topology.yaml has ${agreed}`);
  return card;
}

/** A card this host received, checked again as it is read (a card kept on disk is no more trusted than one arriving). */
export function receivedCard(org: Organisation, at = new Date()): OrganisationCard {
  return agreedWithTopology(readOrganisationCard(JSON.parse(readFileSync(receivedCardFile(org.name), 'utf8')), at), org);
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
 * Accepts the card `org` handed over (its text, as received): verified and checked against the topology before anything
 * is written, then kept as received among the cards of this host (consortiumDir), with what the channel's configuration
 * needs of it laid out beside it: its MSP folder and its orderers' TLS certificates. Every path comes from the
 * topology's name for the organisation, never from the card.
 */
export function receiveOrganisationCard(org: Organisation, text: string, at = new Date()): OrganisationCard {
  const card = agreedWithTopology(readOrganisationCard(JSON.parse(text), at), org);
  mkdirSync(path.dirname(receivedCardFile(org.name)), { recursive: true });
  writeFileSync(receivedCardFile(org.name), text);
  writeMsp(receivedMspDir(org.name), card.organisation.caCertificate, card.tlsCaCertificate);
  for (const orderer of org.orderers) {
    const node = card.nodes.find((n) => n.name === orderer.name)!;
    mkdirSync(path.dirname(receivedOrdererTlsCert(org.name, orderer.name)), { recursive: true });
    writeFileSync(receivedOrdererTlsCert(org.name, orderer.name), node.tlsCertificate!);
    writeFileSync(receivedOrdererIdentityCert(org.name, orderer.name), node.identityCertificate!);
  }
  return card;
}
