// How the one search box reads identifiers, and how scanned codes are taken apart: ISBT 128 DINs typed or
// scanned, GS1 DataMatrix strings with GS separators or in brackets, 20-digit drug traceability codes,
// transaction ids, block numbers and lot numbers.
import { expect } from 'chai';
import { computeDinCheckCharacter } from '@plasma/chaincode';
import { readDin } from '../../src/identifiers/din-input';
import { readGs1Unit } from '../../src/identifiers/gs1-element-string';
import { readIdentifier } from '../../src/identifiers/identifier-kinds';

const GTIN = '06912345678902';
const kinds = (text: string) => readIdentifier(text).readings.map((r) => r.kind);

describe('explorer identifiers', function () {
  describe('DIN input', function () {
    it('takes the worked example of the domain, with spaces and in lower case', function () {
      expect(readDin('g123 498 654 321 h')).to.deep.equal({ ok: true, din: 'G123498654321', checkCharacter: 'H', scanned: false });
    });

    it('takes the 13 characters alone and computes the check character', function () {
      expect(readDin('G123498654321')).to.include({ ok: true, checkCharacter: 'H' });
    });

    it('takes a scanned data structure 001 (=αppppyynnnnnnff), whose flags are not a check character', function () {
      expect(readDin('=G12349865432100')).to.deep.equal({ ok: true, din: 'G123498654321', checkCharacter: 'H', scanned: true });
    });

    it('says which check character a mistyped DIN should have', function () {
      const result = readDin('G123498654321J');
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.problem).to.contain('the check character of G123498654321 is H, not J');
    });
  });

  describe('GS1 vial codes', function () {
    it('reads a scanned DataMatrix with the ]d2 prefix and GS separators', function () {
      expect(readGs1Unit(`]d201${GTIN}17281231\u001d10A24001\u001d21000123`)).to.deep.equal({
        gtin: GTIN,
        serial: '000123',
        lot: 'A24001',
        expiry: '281231',
        elementString: `(01)${GTIN}(21)000123`,
      });
    });

    it('reads the human-readable form in brackets, in any order of its AIs', function () {
      expect(readGs1Unit(`(01)${GTIN}(21)SN-7(10)A24001`)?.elementString).to.equal(`(01)${GTIN}(21)SN-7`);
    });

    it('refuses a GTIN whose check digit is wrong, and a code without a serial', function () {
      expect(readGs1Unit('(01)06912345678906(21)1')).to.equal(undefined);
      expect(readGs1Unit(`(01)${GTIN}(10)A24001`)).to.equal(undefined);
    });
  });

  describe('the search box', function () {
    it('reads a DIN as a donation or a pool', function () {
      expect(kinds('G123498654321H')).to.deep.equal(['donation', 'pool']);
    });

    it('reads 20 digits as a vial, and a short number as a block or a lot', function () {
      expect(kinds('69123450000000011234')).to.deep.equal(['vial']);
      expect(kinds('42')).to.deep.equal(['block', 'lot']);
    });

    it('reads 64 hex characters as a transaction id', function () {
      expect(kinds('AB'.repeat(32))).to.deep.equal(['transaction']);
    });

    it('reads a lot number', function () {
      expect(readIdentifier('alb-2611-001').readings).to.deep.equal([{ kind: 'lot', lotId: 'ALB-2611-001' }]);
    });

    it('explains a DIN with a wrong check character instead of finding nothing', function () {
      const din = 'G100126000001';
      const wrong = computeDinCheckCharacter(din) === 'A' ? 'B' : 'A';
      expect(readIdentifier(`${din}${wrong}`).problem).to.contain('check character');
    });
  });
});
