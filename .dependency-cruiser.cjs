// The layers of clinic-tui, checked by dependency-cruiser (`npm run layers`, and test/unit/layers.test.ts in npm test).
// Paths are relative to the directory cruised from; npm packages resolve to a path containing node_modules/.

/** Everything in source/ below the commands: source/commands, cli.tsx and bin.ts compose, the rest is composed. */
const lowerLayers = '^source/(?!commands/|cli\\.tsx$|bin\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'flows-no-ui',
      severity: 'error',
      comment:
        'Flows are steps as data plus a runner; Ink, React, @inquirer, the UI, the sandbox and commands sit above them.',
      from: { path: '^flows/' },
      to: {
        path: ['(^|/)node_modules/(ink|ink-[^/]+|react|@inquirer/[^/]+)/', '^source/(ui|sandbox|commands)/'],
      },
    },
    {
      name: 'ui-no-adapter-values',
      severity: 'error',
      comment:
        'The UI renders what it is given: it may name adapter types, never call the ngrok API, the host or the sandbox.',
      from: { path: '^source/ui/' },
      to: { path: '^source/(ngrok|host|sandbox)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ui-no-commands',
      severity: 'error',
      comment: 'Commands compose the UI, not the other way round.',
      from: { path: '^source/ui/' },
      to: { path: '^source/commands/' },
    },
    {
      name: 'fleet-no-ui',
      severity: 'error',
      comment: 'The fleet is a health model and a poller; screens and commands read it.',
      from: { path: '^source/fleet/' },
      to: { path: '^(source/(ui|commands)/|flows/)' },
    },
    {
      name: 'pure-core',
      severity: 'error',
      comment:
        'Spec, agent config and policy are pure: no network, no host, no local state, no UI, no flows.',
      from: { path: '^source/(spec|agent-config|policy)/' },
      to: { path: '^(source/(ngrok|host|store|sandbox|ui)/|flows/)' },
    },
    {
      name: 'core-below-lint',
      severity: 'error',
      comment:
        'lint checks files with the core validators; the core needs nothing from lint (that was a folder cycle).',
      from: { path: '^source/(spec|agent-config|policy)/' },
      to: { path: '^source/lint/' },
    },
    {
      name: 'lower-no-commands',
      severity: 'error',
      comment: 'Only source/cli.tsx reaches the commands; everything below them is composed by them.',
      from: { path: lowerLayers },
      to: { path: '^source/commands/' },
    },
    {
      name: 'lower-no-flows',
      severity: 'error',
      comment:
        'Only commands run flows. Renderers may name the types flows publish (steps, questions, events), nothing more.',
      from: { path: lowerLayers },
      to: { path: '^flows/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sandbox-only-for-commands',
      severity: 'error',
      comment:
        'The sandbox (emulator, sandbox host, simulated agent) serves the demo command and the tests, nothing else.',
      from: { path: '^source/', pathNot: '^source/(commands|sandbox)/' },
      to: { path: '^source/sandbox/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes load order matter and the layers meaningless; move the shared part to the lower module.',
      from: { path: '^(source|flows)/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports and that imports nothing is dead code (or a forgotten entry point).',
      from: { orphan: true, path: '^(source|flows)/' },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'The shipped code cannot rely on devDependencies: they are not installed with the package.',
      from: { path: '^(source|flows)/' },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: '(^|/)node_modules/@types/',
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package that is not in package.json works only by accident of what else is installed.',
      from: { path: '^(source|flows)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: { path: '^(source|flows)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // The TypeScript compiler reads the sources, so `import type` stays visible as a type-only dependency. This is
    // the compiler API of typescript 2-6: with typescript 7 alone dependency-cruiser reads no .ts file at all.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
