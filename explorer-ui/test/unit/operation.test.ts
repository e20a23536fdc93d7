// operation(…) sends a document with the definitions of the fragments it spreads, each once however deep, and
// refuses a document whose fragment list and spreads disagree, as the gateway would; every operations module of the
// explorer loads, so none of its documents names its fragments wrongly.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { fragment, operation } from '../../src/graphql/operation';

const SOURCES = path.join(import.meta.dirname, '../../src');

describe('operation', function () {
  const actor = fragment(/* GraphQL */ `
    fragment ActorFields on ChangeActor {
      mspId
      name
      role
    }
  `);
  const stamp = fragment(
    /* GraphQL */ `
      fragment StampFields on ChangeStamp {
        txId
        by {
          ...ActorFields
        }
      }
    `,
    [actor],
  );
  const count = (text: string, word: string): number => text.split(word).length - 1;

  it('appends the fragments a document spreads, and theirs, each once', function () {
    const { document } = operation(
      /* GraphQL */ `
        query Stamps {
          a {
            ...StampFields
          }
          b {
            ...ActorFields
          }
        }
      `,
      [stamp, actor],
    );
    expect(count(document, 'fragment StampFields on')).to.equal(1);
    expect(count(document, 'fragment ActorFields on')).to.equal(1);
    expect(document.trimStart().startsWith('query Stamps')).to.equal(true);
  });

  it('reads spreads from the document, not from its strings or comments', function () {
    const document = /* GraphQL */ `
      # see ...Elsewhere
      mutation Hold {
        placeLotOnHold(lotId: "L1", hold: { reason: "wait... then" }) {
          lotId
        }
      }
    `;
    expect(operation(document).document).to.equal(document);
  });

  it('leaves a document without spreads as written', function () {
    const height = /* GraphQL */ `
      query Height {
        indexedHeight {
          ... on Height {
            height
          }
        }
      }
    `;
    expect(operation(height).document).to.equal(height);
  });

  it('refuses a spread not given and a fragment given but not spread', function () {
    expect(() =>
      operation(/* GraphQL */ `
        query Stamps {
          a {
            ...StampFields
          }
        }
      `),
    ).to.throw(/spread but not given: \[StampFields\]/);
    expect(() =>
      operation(
        /* GraphQL */ `
          query Height {
            indexedHeight
          }
        `,
        [actor],
      ),
    ).to.throw(/given but not spread: \[ActorFields\]/);
    expect(() =>
      fragment(/* GraphQL */ `
        fragment StampFields on ChangeStamp {
          by {
            ...ActorFields
          }
        }
      `),
    ).to.throw(/ActorFields/);
  });

  it('loads every operations module of the explorer', async function () {
    const modules = readdirSync(SOURCES, { recursive: true, encoding: 'utf8' }).filter((file) => /-operations\.ts$/.test(file));
    expect(modules.length).to.be.greaterThan(15);
    for (const module of modules) await import(path.join(SOURCES, module));
  });
});
