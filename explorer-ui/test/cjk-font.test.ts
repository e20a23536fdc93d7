// The explorer shows Chinese text (批签发, the regulator's lot release; Chinese names of organisations and products):
// the machine that runs the browser must have a CJK font, or every character is drawn as the same empty box.
import { expect } from 'chai';
import { launchBrowser, type TestBrowser } from './support/browser';

describe('Chinese text in the browser', function () {
  let browser: TestBrowser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  it('draws each character as its own glyph, not the box of a missing one', async () => {
    const page = await browser.newPage();
    await page.setContent('<canvas width="64" height="64"></canvas>');
    // A character no font has (a private-use code point) is drawn as the missing-glyph box; with a CJK font, 批, 签 and
    // 发 are each drawn differently from it and from one another.
    const drawings = await page.evaluate(
      (characters) =>
        characters.map((character) => {
          const canvas = document.querySelector('canvas')!;
          const context = canvas.getContext('2d')!;
          context.clearRect(0, 0, 64, 64);
          context.font = '40px sans-serif';
          context.fillText(character, 8, 48);
          return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
        }),
      ['\u{10FFFD}', '批', '签', '发'],
    );
    const [missing, ...chinese] = drawings;
    for (const drawing of chinese)
      expect(drawing === missing, 'a CJK character drawn as the missing-glyph box: install fonts-noto-cjk').to.equal(false);
    expect(new Set(chinese).size).to.equal(3);
  });
});
