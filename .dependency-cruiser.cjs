// The seams between the workspaces, checked by `npm run depcheck` (dependency-cruiser) on every `npm test` and in CI.
// Layers, each importing only those below it: domain (chaincode) → platform (network, platform) → services
// (cold-chain → gateway-api → demo; explorer-ui, which speaks GraphQL and imports only the chaincode's browser face, and
// whose device-key signing the demo runs too) →
// the shared test kit → the launcher (test-network). Only the top-level scripts (scripts/, bench/) and tests import the
// launcher. A package is entered through its `exports` only, and every workspace it imports is declared in its
// package.json (`dependencies` for its source, `devDependencies` too for its tests). See docs/decisions.md.
const { readFileSync } = require('node:fs');
const path = require('node:path');

const read = (file) => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8'));
const root = read('package.json');
const workspaces = root.workspaces;
const any = (names) => `^(${names.join('|')})/`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The files a package's `exports` name: the only ones another package may import. */
const publicFaces = workspaces.flatMap((dir) => {
  const { exports = {} } = read(`${dir}/package.json`);
  return Object.values(exports).map((target) => `^${escape(path.posix.join(dir, target))}$`);
});

/** A workspace's package name → its folder. */
const folderOf = Object.fromEntries(workspaces.map((dir) => [read(`${dir}/package.json`).name, dir]));

/** For each package (and the root's scripts), the workspaces it imports without declaring them. */
function undeclaredWorkspaces() {
  const packages = [
    ...workspaces.map((dir) => ({ dir, manifest: read(`${dir}/package.json`), code: `^${dir}/`, tests: `^${dir}/(test|scripts)/` })),
    { dir: 'the root', manifest: root, code: '^(scripts|bench)/', tests: '^(scripts|bench)/' },
  ];
  return packages.flatMap(({ dir, manifest, code, tests }) => {
    const runtime = Object.keys(manifest.dependencies ?? {});
    const development = [...runtime, ...Object.keys(manifest.devDependencies ?? {})];
    const missing = (declared) =>
      Object.entries(folderOf)
        .filter(([pkg, folder]) => folder !== dir && !declared.includes(pkg))
        .map(([, folder]) => folder);
    const rules = [];
    if (missing(development).length > 0) {
      rules.push({
        name: `undeclared-workspace (${dir})`,
        severity: 'error',
        comment: `${dir} imports a workspace its package.json does not declare`,
        from: { path: code },
        to: { path: any(missing(development)) },
      });
    }
    if (tests !== code && missing(runtime).length > 0) {
      rules.push({
        name: `undeclared-runtime-workspace (${dir})`,
        severity: 'error',
        comment: `${dir}'s own code imports a workspace its package.json's dependencies do not declare`,
        from: { path: code, pathNot: tests },
        to: { path: any(missing(runtime)) },
      });
    }
    return rules;
  });
}

const TESTS = '^[^/]+/(test|scripts)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'a cycle ties modules (or packages) together so that none can change or load alone',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-public-faces',
      severity: 'error',
      comment:
        'another package is entered only through its package.json `exports` (no deep src/ imports, no relative paths out of a package)',
      from: { path: '^([^/]+)/' },
      to: { path: any(workspaces), pathNot: ['^$1/', ...publicFaces] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that does not resolve: a typo, an undeclared package, or a path its package does not export',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'every npm package is declared in the package.json of the workspace that imports it (or the root, for test tools)',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: "a package's own code uses only its dependencies; devDependencies are for its tests and scripts",
      from: { path: '^[^/]+/src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: "code does not import tests or test support (the test kit's own modules import each other)",
      from: { path: '^[^/]+/src/', pathNot: '^testkit/' },
      to: { path: [TESTS, '^testkit/'] },
    },
    {
      name: 'domain-is-the-bottom',
      severity: 'error',
      comment: "the chaincode's rules import nothing of ours above them",
      from: { path: '^chaincode/' },
      to: { path: any(workspaces.filter((w) => w !== 'chaincode')) },
    },
    {
      name: 'platform-below-services',
      severity: 'error',
      comment: 'the platform (network, platform) knows no service, test kit or launcher',
      from: { path: '^(network|platform)/' },
      to: { path: any(['gateway-api', 'cold-chain', 'demo', 'explorer-ui', 'testkit', 'test-network']) },
    },
    {
      name: 'network-below-platform',
      severity: 'error',
      comment: 'the topology and its generated configuration stand below the supervisor and clients built on them',
      from: { path: '^network/' },
      to: { path: '^platform/' },
    },
    {
      name: 'services-below-test-kit-and-launcher',
      severity: 'error',
      comment: "a service's own code imports neither the test kit nor the launcher",
      from: { path: '^(gateway-api|cold-chain|demo|explorer-ui)/src/' },
      to: { path: '^(testkit|test-network)/' },
    },
    {
      name: 'cold-chain-below-gateway',
      severity: 'error',
      comment: "the gateway serves the cold chain's read side, so the cold chain uses the platform, never the gateway or the demo",
      from: { path: '^cold-chain/src/' },
      to: { path: '^(gateway-api|demo)/' },
    },
    {
      name: 'gateway-below-demo',
      severity: 'error',
      comment: 'the demo story is a client of the gateway, not part of it',
      from: { path: '^gateway-api/src/' },
      to: { path: '^demo/' },
    },
    {
      name: 'explorer-speaks-graphql',
      severity: 'error',
      comment: "the explorer's code imports of ours only the chaincode's browser face; everything else it asks the gateway",
      from: { path: '^explorer-ui/src/' },
      to: { path: any(workspaces), pathNot: ['^explorer-ui/', '^chaincode/src/browser\\.ts$'] },
    },
    {
      name: 'test-kit-below-launcher',
      severity: 'error',
      comment: "the test kit serves every package's tests, so it does not reach the launcher",
      from: { path: '^testkit/' },
      to: { path: '^test-network/' },
    },
    {
      name: 'launcher-is-the-top',
      severity: 'error',
      comment: 'only the top-level scripts (scripts/, bench/) and tests import the launcher',
      from: { pathNot: ['^(scripts|bench|test-network)/', TESTS] },
      to: { path: '^test-network/' },
    },
    ...undeclaredWorkspaces(),
  ],
  options: {
    // Type-only imports count too: a type can tie packages together as tightly as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Test tools (mocha, chai, fast-check, tsx) are the root's devDependencies, shared by every workspace's tests.
    combinedDependencies: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/'] },
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.cjs', '.mjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
