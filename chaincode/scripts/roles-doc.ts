// Writes docs/roles.md from the role matrix in src/access/roles.ts, its one source of truth.
// Run: npx tsx chaincode/scripts/roles-doc.ts (a unit test fails when the file is out of date).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANY_CHANNEL_MEMBER, PERMISSIONS, READERS, ROLES, TRANSACTIONS, type Permission } from '../src/access/roles';

export const rolesDocPath = path.resolve(__dirname, '..', '..', 'docs', 'roles.md');

const describe = (permission: Permission): string =>
  permission
    .map(({ kinds, roles }) => {
      const who = kinds === ANY_CHANNEL_MEMBER ? 'any channel member' : kinds.length === 3 ? 'any member' : kinds.join(', ');
      return `${who}: ${roles.length === READERS.length ? 'every reader' : roles.map((role) => `\`${role}\``).join(', ')}`;
    })
    .join('<br>');

export function renderRolesDoc(): string {
  const contracts = new Map<string, [string, Permission][]>();
  for (const transaction of TRANSACTIONS) {
    const permission: Permission = PERMISSIONS[transaction];
    const [contract = '', name = ''] = transaction.split(':');
    contracts.set(contract, [...(contracts.get(contract) ?? []), [name, permission]]);
  }
  const lines = [
    '# The role matrix',
    '',
    '<!-- Generated from chaincode/src/access/roles.ts by chaincode/scripts/roles-doc.ts; do not edit by hand. -->',
    '',
    "Every transaction passes this matrix before it runs (`AuthorisedContract.beforeTransaction`): the caller's",
    "`role` attribute (from the enrolment certificate their organisation's CA issued) and their organisation's kind",
    '(from the consortium registry on the ledger, never from the certificate) must match one grant of the',
    'transaction. A transaction missing from the matrix is refused. Contracts then add object-level checks (custody,',
    'ownership, destination), which only narrow what the matrix allows.',
    '',
    `Roles: ${ROLES.map((role) => `\`${role}\``).join(', ')}. Organisation kinds: station, factory, regulator.`,
    '',
    `Readers (every person's role and the cold-chain ingest's \`device-gateway\`): ${READERS.map((role) => `\`${role}\``).join(', ')}.`,
    "The gateway's own `service` identity holds no grant: it reads blocks, never calls a transaction.",
    '',
    '| transaction | who may call it (organisation kind: roles) |',
    '|---|---|',
  ];
  for (const [contract, transactions] of contracts) {
    for (const [name, permission] of transactions) lines.push(`| \`${contract}:${name}\` | ${describe(permission)} |`);
  }
  lines.push(
    '',
    '## Object-level checks on top of the matrix',
    '',
    '- A station records only DINs of its own facilities, screens and ships only its own donations.',
    '- Storage, excursions, holds, quarantine, release and destruction of a bag are recorded by its custodian: the',
    '  station until the factory receives it, then the receiving factory.',
    '- A shipment is received only by the factory it is addressed to.',
    "- The screening detail (private data) is read only by the donation's station and the factory.",
    "- Electronic signatures carry their own checks: the signer's certificate must come from the CA their",
    '  organisation registered, and its role must fit the meaning (QA review: `factory-qa`; QP release: `qp`;',
    "  regulator lot release and rule changes: `regulator`; destruction: the custodian's `station-qa` or `factory-qa`).",
    '- Rule-set changes also need, by key-level endorsement policy, peers of both the regulator and the factory.',
    '',
  );
  return lines.join('\n');
}

if (require.main === module) {
  writeFileSync(rolesDocPath, renderRolesDoc());
  console.log(`wrote ${rolesDocPath}`);
}
