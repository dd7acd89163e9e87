// Builds the shipped bundle:
// - dist/clinic-tui.cjs, the `bin` (source/bin.ts): it sends a run that draws no terminal UI to its scripting bundle
//   and every other run to the full program;
// - dist/clinic-tui.js, the full program (source/cli.tsx): ESM with code splitting, so modules it imports lazily
//   (Ink, ssh2, the sandbox) stay in their own chunks until a run needs them;
// - dist/scripting/<command>.cjs for lint, render, schema and fleet: the program with that one command and no
//   terminal UI, in one CommonJS file each, which the bin loads through V8's code cache (Node 20 caches no ES module);
// - dist/ngrok-sim.js, the SIMULATED ngrok agent that the sandbox host runs.
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { lazyBuiltins } from './lazy-builtins.mjs';
import { onlyCommand, withoutTerminalUi } from './scripting-bundle.mjs';
import { stringWidthEmojiCheck } from './string-width-emoji-check.mjs';
import { yogaWithoutFetch } from './yoga-without-fetch.mjs';

// `--outdir DIR` builds elsewhere than dist/; `--metafile FILE` writes esbuild's chunk graph (which source modules
// each output holds and what it imports), which the tests read to see what a command loads.
const { values: flags } = parseArgs({
  options: { outdir: { type: 'string' }, metafile: { type: 'string' } },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = flags.outdir ? resolve(flags.outdir) : join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
// CommonJS dependencies (ssh2, yaml, …) call require() and read __dirname; ESM output has neither unless we make them.
const cjsBanner = [
  "import { createRequire as __ctRequire } from 'node:module';",
  "import { dirname as __ctDirname } from 'node:path';",
  "import { fileURLToPath as __ctFileUrl } from 'node:url';",
  'const require = __ctRequire(import.meta.url);',
  'const __filename = __ctFileUrl(import.meta.url);',
  'const __dirname = __ctDirname(__filename);',
].join(' ');
/** What both outputs share: ESM for Node 20, minified, production React, CommonJS dependencies given require(). */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  // Production React: no development checks, smaller and faster first frame.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundling ssh2 also gives its named exports (utils, Server) the CommonJS interop Node's ESM lacks.
  banner: { js: cjsBanner },
  // ssh2's optional native add-ons (it falls back to pure JS when they are missing) and Ink's development-only
  // devtools stay out of the bundle.
  external: ['cpu-features', '*.node', 'react-devtools-core'],
  // yaml's ES module build (the one it gives browsers; the same code, warnings by console.warn): esbuild keeps only
  // what is used and it needs no CommonJS wrappers, where its CommonJS build for Node is loaded whole.
  // conf's JSON Schema validator (ajv, ajv-formats) is left out: conf builds it only when handed a schema, and
  // source/store/conf-store.ts hands it none (zod checks the state files).
  alias: {
    yaml: join(root, 'node_modules/yaml/browser/index.js'),
    'ajv/dist/2020.js': join(root, 'scripts/conf-without-ajv.mjs'),
    'ajv-formats': join(root, 'scripts/conf-without-ajv.mjs'),
    // conf's version comparisons, used only for `migrations`, which conf-store.ts never passes.
    semver: join(root, 'scripts/conf-without-semver.mjs'),
    // atomically's exit hook, without the signal listeners that make one Ctrl+C count twice.
    'when-exit': join(root, 'scripts/when-exit-on-exit-only.mjs'),
  },
  plugins: [yogaWithoutFetch(), stringWidthEmojiCheck(), lazyBuiltins()],
  metafile: true,
  logLevel: 'warning',
};
// The guide's clinic, which the wizard's first question offers, parsed here so the wizard starts without a YAML
// parser (flows/questions/presets.ts reads the file itself when run from source).
const guidePreset = parse(readFileSync(join(root, 'assets/examples/clinic1.yml'), 'utf8'), {
  uniqueKeys: true,
});
// The answers file's JSON Schema, computed from source/spec/json-schema.ts (bundled here and imported from memory)
// so it cannot drift from the zod schema, and `clinic-tui schema` prints it without loading zod.
const schemaModule = await build({
  absWorkingDir: root,
  entryPoints: ['source/spec/json-schema.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const { answersJsonSchema } = await import(
  `data:text/javascript;base64,${Buffer.from(schemaModule.outputFiles[0].contents).toString('base64')}`
);
const answersSchemaText = `${JSON.stringify(answersJsonSchema(), null, 2)}\n`;
const defines = {
  ...common.define,
  CLINIC_TUI_GUIDE_PRESET: JSON.stringify(guidePreset),
  CLINIC_TUI_ANSWERS_SCHEMA: JSON.stringify(answersSchemaText),
};
/** The commands a script runs, each served by a bundle of its own (source/startup/scripting-route.ts routes to them). */
const scriptingCommands = ['lint', 'render', 'schema', 'fleet'];
const [result, agent, ...scripting] = await Promise.all([
  // The full program with code splitting: chunks sit beside the entry.
  build({
    ...common,
    define: defines,
    entryPoints: { 'clinic-tui': 'source/cli.tsx' },
    outdir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
  }),
  // The simulated agent in one file of its own: a clinic host's `ngrok` shim may run a copy of it from elsewhere.
  build({ ...common, entryPoints: { 'ngrok-sim': 'source/sandbox/agent/main.ts' }, outdir }),
  ...scriptingCommands.map((command) =>
    build({
      ...common,
      format: 'cjs',
      banner: {},
      define: defines,
      plugins: [onlyCommand(command), withoutTerminalUi(command), lazyBuiltins()],
      entryPoints: { [`scripting/${command}`]: 'source/commands/program.ts' },
      outExtension: { '.js': '.cjs' },
      outdir,
    }),
  ),
]);
dropUnusedBanners(result.metafile);
// The bin names each scripting bundle's cache by the bundle's hash, so a cache never outlives its build.
const bundleHashes = Object.fromEntries(
  scriptingCommands.map((command) => [
    command,
    createHash('sha256')
      .update(readFileSync(join(outdir, 'scripting', `${command}.cjs`)))
      .digest('hex')
      .slice(0, 16),
  ]),
);
const bin = await build({
  ...common,
  format: 'cjs',
  banner: {},
  define: { CLINIC_TUI_SCRIPTING_BUNDLES: JSON.stringify(bundleHashes) },
  plugins: [fullProgramBeside()],
  entryPoints: { 'clinic-tui': 'source/bin.ts' },
  outExtension: { '.js': '.cjs' },
  outdir,
});
chmodSync(join(outdir, 'clinic-tui.cjs'), 0o755);
const builds = [result, agent, ...scripting, bin];
const outputs = Object.assign({}, ...builds.map((each) => each.metafile.outputs));
if (flags.metafile) writeFileSync(flags.metafile, JSON.stringify({ outputs }));
const bytes = Object.entries(outputs)
  .filter(([file]) => /\.c?js$/.test(file))
  .reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(
  `built ${relative(root, outdir) || '.'}/clinic-tui.cjs, its scripting bundles and ngrok-sim.js (${(bytes / 1024).toFixed(0)} KiB of JavaScript)`,
);

/** The bin's import of the full program (source/cli.tsx) stays an import of the built one beside it. */
function fullProgramBeside() {
  return {
    name: 'full-program-beside',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\/cli\.js$/ }, () => ({ path: './clinic-tui.js', external: true }));
    },
  };
}

/**
 * Takes the CommonJS banner off every chunk that never names require, __filename or __dirname: a command loads
 * some 30 chunks, and each would otherwise load node:module and build a require function for nothing (≈ 1.5 ms in
 * all before a first frame). A chunk that names them, even in a string, keeps it.
 */
function dropUnusedBanners(metafile) {
  for (const file of Object.keys(metafile.outputs).filter((name) => name.endsWith('.js'))) {
    const path = join(root, file);
    const code = readFileSync(path, 'utf8');
    const shebang = code.startsWith('#!') ? code.slice(0, code.indexOf('\n') + 1) : '';
    if (!code.startsWith(cjsBanner, shebang.length)) continue;
    const body = code.slice(shebang.length + cjsBanner.length).replace(/^\n/, '');
    if (!/\b(require|__filename|__dirname)\b/.test(body)) writeFileSync(path, shebang + body);
  }
}
