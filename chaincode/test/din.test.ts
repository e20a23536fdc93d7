import { expect } from 'chai';
import { computeDinCheckCharacter, normaliseDinKey, parseDin } from '../src/identifiers/din';

const CHECK_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';
const MALFORMED =
  'VALIDATION: din: must be 14 characters: the DIN αppppyynnnnnn (α one of A-N, P-Z or 1-9 and pppp 4 digits, ' +
  'together the facility FIN; yy the 2-digit year; nnnnnn the 6-digit sequence) followed by its check character';

function message(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

/** 13-character DINs spread over facilities, years and sequences, the same on every run. */
function sampleDins(count: number): string[] {
  const firsts = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';
  return Array.from({ length: count }, (_, i) => {
    const n = (i * 7_919 + 104_729) % 10 ** 12;
    return firsts.charAt(i % firsts.length) + String(n).padStart(12, '0');
  });
}

describe('ISBT 128 DIN', () => {
  it('computes H for the worked example G123 498 654 321 (sum 148354, checksum 17)', () => {
    expect(computeDinCheckCharacter('G123498654321')).to.equal('H');
    expect(computeDinCheckCharacter('g123 498 654 321')).to.equal('H');
  });

  it('parses a DIN as printed on the bag into facility, year and sequence, ignoring spaces and case', () => {
    const expected = { din: 'G123498654321', checkCharacter: 'H', facility: 'G1234', year: '98', sequence: '654321' };
    expect(parseDin('G123498654321H')).to.deep.equal(expected);
    expect(parseDin(' g1234 98 654321 h ')).to.deep.equal(expected);
  });

  it('accepts every generated DIN with its computed check character and refuses the 36 others', () => {
    for (const din of sampleDins(300)) {
      const check = computeDinCheckCharacter(din);
      expect(parseDin(din + check).din).to.equal(din);
      for (const wrong of CHECK_CHARACTERS.replace(check, '')) {
        expect(() => parseDin(din + wrong)).to.throw(/mod 37-2/);
      }
    }
  });

  it('prints check value 36 as * and accepts it', () => {
    const din = sampleDins(2000).find((candidate) => computeDinCheckCharacter(candidate) === '*');
    expect(din, 'a sample DIN whose check value is 36').to.be.a('string');
    expect(parseDin(`${din}*`).checkCharacter).to.equal('*');
  });

  it('refuses a wrong check character, naming the rule and the expected character', () => {
    expect(message(() => parseDin('G123498654321J'))).to.equal(
      'VALIDATION: din: fails the ISO 7064 mod 37-2 check character rule: the check character of G123498654321 is H, not J',
    );
  });

  for (const [input, why] of [
    ['O12342612345AB', 'O is not a valid first character'],
    ['012349865432 1H', '0 is not a valid first character'],
    ['G12349865432H', 'one character short'],
    ['G123498654321HX', 'one character too many'],
    ['G12A498654321H', 'a letter in the facility code'],
    ['G1234986543X1H', 'a letter in the sequence'],
    ['=G123498654321H', 'the data identifier is not part of the DIN'],
    ['', 'empty'],
  ]) {
    it(`refuses a malformed DIN, saying the expected format: ${why}`, () => {
      expect(message(() => parseDin(input))).to.equal(MALFORMED);
    });
  }

  it('refuses a DIN that is not a string', () => {
    expect(message(() => parseDin(123))).to.equal(MALFORMED);
  });

  it('normalises a DIN given with or without its check character to the 13-character key', () => {
    expect(normaliseDinKey('G123498654321')).to.equal('G123498654321');
    expect(normaliseDinKey('g123 4986 54321 h')).to.equal('G123498654321');
    expect(message(() => normaliseDinKey('G123498654321X'))).to.match(/^VALIDATION: din: fails the ISO 7064 mod 37-2/);
    expect(message(() => normaliseDinKey('G12349865432'))).to.match(
      /^VALIDATION: din: must be the DIN αppppyynnnnnn .* optionally followed by its check character$/,
    );
  });
});
