// The Merkle tree and reading leaves: roots, inclusion proofs for every position, and tamper detection.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { inclusionProof, leafHash, merkleRoot, verifyInclusion } from '../../src/merkle/tree';
import { canonicalReading, parseReadingId, readingId, readingLeafHash, type Reading } from '../../src/merkle/reading-leaf';

const leaves = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`reading ${i}`)));
const sha = (...parts: Buffer[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

describe('Merkle tree', () => {
  it('hashes leaves and inner nodes with different prefixes', () => {
    const [a, b] = leaves(2) as [Buffer, Buffer];
    expect(leafHash(Buffer.from('x')).equals(sha(Buffer.from([0]), Buffer.from('x')))).to.equal(true);
    expect(merkleRoot([a, b]).equals(sha(Buffer.from([1]), a, b))).to.equal(true);
    expect(merkleRoot([a]).equals(a)).to.equal(true);
  });

  it('carries an odd node up instead of duplicating it', () => {
    const [a, b, c] = leaves(3) as [Buffer, Buffer, Buffer];
    expect(merkleRoot([a, b, c]).equals(sha(Buffer.from([1]), sha(Buffer.from([1]), a, b), c))).to.equal(true);
    expect(merkleRoot([a, b, c]).equals(merkleRoot([a, b, c, c]))).to.equal(false);
  });

  it('refuses an empty window', () => {
    expect(() => merkleRoot([])).to.throw('leaves: a Merkle root needs at least one leaf');
  });

  it('proves every leaf of trees of 1 to 33 leaves, and nothing else', () => {
    for (let n = 1; n <= 33; n += 1) {
      const all = leaves(n);
      const root = merkleRoot(all);
      all.forEach((leaf, i) => {
        const proof = inclusionProof(all, i);
        expect(verifyInclusion(leaf, proof, root), `leaf ${i} of ${n}`).to.equal(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), proof, root)).to.equal(false);
        if (n > 1) expect(verifyInclusion(leaf, { ...proof, index: (i + 1) % n }, root)).to.equal(false);
      });
    }
  });

  it('rejects a proof whose sides were swapped', () => {
    const all = leaves(4);
    const proof = inclusionProof(all, 1);
    const swapped = {
      ...proof,
      steps: proof.steps.map((s) => ({ ...s, side: s.side === 'left' ? ('right' as const) : ('left' as const) })),
    };
    expect(verifyInclusion(all[1]!, swapped, merkleRoot(all))).to.equal(false);
  });
});

describe('reading leaves', () => {
  const reading: Reading = {
    device: 'G1001-FRZ-01',
    node: 'temperature',
    sourceTime: new Date('2026-01-02T03:04:05.678Z'),
    value: -31.25,
    statusCode: 0,
  };

  it('puts a reading in RFC 8785 canonical form', () => {
    expect(canonicalReading(reading).toString()).to.equal(
      '{"device":"G1001-FRZ-01","node":"temperature","sourceTime":"2026-01-02T03:04:05.678Z","statusCode":0,"value":-31.25}',
    );
  });

  it('changes the leaf when any field changes', () => {
    const base = readingLeafHash(reading);
    for (const altered of [
      { value: -31.24 },
      { statusCode: 2156462080 },
      { sourceTime: new Date('2026-01-02T03:04:05.679Z') },
      { node: 'ph' },
      { value: null },
    ]) {
      expect(readingLeafHash({ ...reading, ...altered }).equals(base), JSON.stringify(altered)).to.equal(false);
    }
  });

  it('round-trips reading ids and names the rule when one is malformed', () => {
    expect(readingId(reading)).to.equal('G1001-FRZ-01/temperature@2026-01-02T03:04:05.678Z');
    expect(parseReadingId(readingId(reading))).to.deep.equal({
      device: reading.device,
      node: reading.node,
      sourceTime: reading.sourceTime,
    });
    expect(() => parseReadingId('G1001-FRZ-01/temperature')).to.throw('readingId: must be <device>/<node>@');
  });
});
