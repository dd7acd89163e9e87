import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { buildWithMetafile, type LoggedBuild, packagesOf, runLogged } from '../helpers/loaded-modules.js';

/**
 * Scripting paths (one-shot commands a script or a pipeline runs) never load the terminal UI: Ink, React and
 * their renderer are for people at a terminal, and loading them costs every cron job and CI step their start-up.
 * Each path runs the built CLI (its bin) under a module log and is checked against the build's chunk graph: the
 * paths the bin sends to a scripting bundle load that one file, which holds no terminal UI at all.
 */
const interactiveOnly = ['ink', 'react', 'react-reconciler', 'yoga-layout', 'ink-spinner', 'scheduler'];
const answers = 'assets/examples/clinic1.yml';

let build: LoggedBuild;
let emulator: Emulator;
let apiEnv: Record<string, string>;

beforeAll(async () => {
  build = buildWithMetafile();
  emulator = await startEmulator({ rateLimit: 0 });
  seedFleet(emulator, { clinics: 3, offline: 1 });
  apiEnv = { NGROK_API_KEY: emulator.createApiKey(), NGROK_API_URL: emulator.url };
});

afterAll(async () => {
  await emulator?.close();
  build?.remove();
});

describe('scripting paths load no Ink and no React', () => {
  it('can tell when a run loads Ink (the check itself works)', async () => {
    const inkChunk = Object.entries(build.metafile.outputs).find(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes('node_modules/ink/build/index.js')),
    );
    expect(inkChunk).toBeDefined();
    const run = await runLogged(build, [], {}, `${build.dir}/${inkChunk![0].split('/').pop()}`);
    expect(packagesOf(run.inputs)).toContain('ink');
    expect(packagesOf(run.inputs)).toContain('react');
  });

  /** `bundle`: the scripting bundle the bin sends the run to (undefined: the full program serves it). */
  const paths: { args: string[]; code: number; shows: string; source: string; bundle?: string }[] = [
    { args: ['--version'], code: 0, shows: '0.', source: 'source/cli.tsx' },
    {
      args: ['fleet', '--once'],
      code: 3,
      shows: 'clinic3',
      source: 'source/fleet/poller.ts',
      bundle: 'fleet',
    },
    {
      args: ['fleet', '--json'],
      code: 3,
      shows: '"clinics"',
      source: 'source/fleet/poller.ts',
      bundle: 'fleet',
    },
    {
      args: ['fleet', '--format', 'prometheus'],
      code: 3,
      shows: 'clinic3',
      source: 'source/fleet/export/prometheus.ts',
      bundle: 'fleet',
    },
    {
      args: ['lint', answers],
      code: 0,
      shows: '0 error(s)',
      source: 'source/commands/lint.ts',
      bundle: 'lint',
    },
    {
      args: ['render', '--answers', answers],
      code: 0,
      shows: 'version: 3',
      source: 'source/commands/render.ts',
      bundle: 'render',
    },
    { args: ['schema'], code: 0, shows: '"$schema"', source: 'source/commands/schema.ts', bundle: 'schema' },
  ];
  for (const path of paths) {
    it(`clinic-tui ${path.args.join(' ')}`, async () => {
      const run = await runLogged(build, path.args, apiEnv);
      expect(run.code).toBe(path.code);
      expect(run.stdout + run.stderr).toContain(path.shows);
      // The log saw the command's own code, so an empty log cannot pass for a clean one.
      expect(run.inputs).toContain(path.source);
      // Only the command the run names is registered: no other command's options and help are built.
      expect(run.inputs).not.toContain('source/commands/onboard.ts');
      const loaded = packagesOf(run.inputs);
      expect(interactiveOnly.filter((name) => loaded.has(name))).toEqual([]);
      // A scripting run compiles its one bundle and no module of the full program.
      if (path.bundle) expect(run.files).toEqual(['clinic-tui.cjs', `scripting/${path.bundle}.cjs`]);
      else expect(run.files).toContain('clinic-tui.js');
      // commander's node:child_process (for executable subcommands, which clinic-tui has none of) loads on use only.
      expect(run.builtins).toContain('node:fs');
      expect(run.builtins).not.toContain('node:child_process');
      // zod's message locales: only English is used. Importing zod as `{ z }` makes esbuild keep all of them
      // (four times the code to compile on every start); `* as z` lets it keep only what is used. (A CommonJS
      // bundle keeps the 20 bytes of locales/index.js that name the namespace, none of its locales.)
      expect(run.inputs.filter((input) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input))).toEqual([]);
    });
  }

  it('the schema bundle holds no zod: the schema is computed at build time', () => {
    const [, schema] =
      Object.entries(build.metafile.outputs).find(([file]) => file.endsWith('scripting/schema.cjs')) ?? [];
    const inputs = Object.keys(schema?.inputs ?? {});
    expect(inputs).toContain('source/commands/schema.ts');
    expect(inputs.filter((input) => /node_modules\/(zod|ipaddr\.js)\//.test(input))).toEqual([]);
  });

  it('chunks that never call require carry no CommonJS banner; those that do keep it', () => {
    const chunks = Object.keys(build.metafile.outputs)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(build.dir, file.split('/').pop() ?? ''), 'utf8'));
    const withBanner = chunks.filter((code) => code.includes('__ctRequire('));
    expect(withBanner.length).toBeGreaterThan(0);
    expect(withBanner.length).toBeLessThan(chunks.length / 4);
    for (const code of chunks.filter((c) => !c.includes('__ctRequire('))) {
      expect(code).not.toMatch(/\b(require|__filename|__dirname)\b/);
    }
  });

  it("yoga's WebAssembly is decoded from its inline base64, never read with fetch (which loads undici)", () => {
    const [chunk] = Object.entries(build.metafile.outputs).find(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes('yoga-wasm-base64-esm.js')),
    ) ?? [''];
    const code = readFileSync(join(build.dir, chunk.split('/').pop() ?? ''), 'utf8');
    expect(code).toContain('data:application/octet-stream;base64,');
    expect(code).not.toContain('"function"!=typeof fetch?Promise.resolve()');
  });

  it('the build holds zod/mini and no classic zod at all', () => {
    const inputs = Object.values(build.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(inputs.some((input) => input.includes('node_modules/zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/zod/v4/classic/'))).toEqual([]);
  });
});

describe('the state-file writer in the bundle (conf and atomically)', () => {
  it('leaves Ctrl+C to clinic-tui: one SIGINT reaches its handler once, not again re-raised', () => {
    const [chunk] = Object.entries(build.metafile.outputs).find(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes('node_modules/atomically/')),
    ) ?? [''];
    expect(chunk).toMatch(/chunk-.*\.js$/);
    const url = pathToFileURL(join(build.dir, chunk.split('/').pop() ?? '')).href;
    const script = [
      `await import(${JSON.stringify(url)});`,
      'let seen = 0;',
      "process.on('SIGINT', () => { seen++; });",
      "process.kill(process.pid, 'SIGINT');",
      'setTimeout(() => console.log(seen), 300);',
    ].join(' ');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(output.trim()).toBe('1');
  });
});
