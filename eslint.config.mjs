// npm run lint (with prettier --check): typescript-eslint's strictTypeChecked over every workspace's src and test,
// scripts/ and bench/, with type information from each file's own tsconfig (explorer-ui/tsconfig.json for the
// browser code, chaincode/tsconfig.json for the chaincode, the root tsconfig.json for the rest). Formatting is
// Prettier's alone: eslint-config-prettier comes last and turns off every rule that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/coverage/',
    '.data/',
    '.data-bft/',
    '.fabric/',
    // Hyperledger Caliper, installed by bench/caliper.ts.
    'bench/caliper/.install/',
    // Generated code (GraphQL Code Generator and the like) is checked where it is generated from.
    '**/generated/',
    '**/__generated__/',
    '**/*.generated.ts',
    '**/*.generated.tsx',
  ]),
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          // In no tsconfig's include: the explorer's Vite configuration (the chaincode's doc generator is reached
          // through chaincode/test/roles.test.ts's import).
          allowDefaultProject: ['explorer-ui/vite.config.mts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // With noUncheckedIndexedAccess every indexed read is `T | undefined`; `!` after a bounds check or a regex match
      // is this code's idiom (merkle levels, route parameters, first of a non-empty list), hundreds of them.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers in messages and keys are fine; booleans, nullish values, objects and `any` are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(m) => console.log(m)` and `onClick={() => setOpen(false)}` return nothing anyone reads.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A leading underscore names what is left out on purpose (`{ anchors: _anchors, ...rest }`, `_next` in Express).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Our control-character regexes exist to refuse control characters (identifiers, documents, indexed text).
      'no-control-regex': 'off',
      // `async` on an implementation of a Promise-returning interface (fakes, service descriptors, stubs) turns a
      // throw into a rejection; it needs no `await` inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests, the shared test kit and benchmarks read ledger answers, GraphQL data and JSON.parse results as `any` on
    // purpose and assert their shape with chai; typing each one would only restate the assertion next to it.
    files: ['*/test/**/*.{ts,tsx}', 'testkit/src/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // chai's property assertions: expect(x).to.be.empty, .to.be.true.
      '@typescript-eslint/no-unused-expressions': 'off',
      // after() runs even when before() failed, so a `let server: Server` set there may be undefined: `server?.stop()`.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // A test catches the error it provoked, `.catch((e: Error) => e)`, to assert on its message.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
    },
  },
  {
    // CommonJS configuration and the mocha reporter: plain JavaScript, outside every tsconfig.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        setImmediate: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  prettier,
);
