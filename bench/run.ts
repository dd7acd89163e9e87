/**
 * `npm run bench` lists the benchmarks in bench/ with a line on each; `npm run bench -- <name> [args…]` runs one
 * (e.g. `npm run bench -- fleet --in-memory`) in its own process. A benchmark is a bench/*.ts file whose doc comment
 * says how to run it (`npx tsx bench/<name>.ts`); the other files there are its helpers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;

/** Every benchmark in bench/, by name, with the first sentence of its doc comment cut to one line. */
function benchmarks(): Map<string, string> {
  const found = new Map<string, string>();
  const names = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
  for (const name of names) {
    const doc = readFileSync(join(dir, `${name}.ts`), 'utf8')
      .match(/\/\*\*[\s\S]*?\*\//g)
      ?.find((comment) => comment.includes(`npx tsx bench/${name}.ts`));
    if (doc) found.set(name, summary(doc));
  }
  return found;
}

/** The first sentence of a doc comment, without the "Benchmark (not a test)" preamble, at most ~90 characters. */
function summary(doc: string): string {
  const text = doc
    .replace(/^\/\*\*|\*\/$/g, '')
    .replace(/^\s*\* ?/gm, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(Startup )?[Bb]enchmark \(not a test\)(: | for )?/, '');
  const sentence = text.split(/(?<=[.)])\s(?=[A-Z])/)[0] ?? text;
  const line = sentence.length <= 90 ? sentence : `${sentence.slice(0, sentence.lastIndexOf(' ', 89))}…`;
  return line.charAt(0).toUpperCase() + line.slice(1);
}

const [name, ...args] = process.argv.slice(2);
const all = benchmarks();
if (name === undefined || !all.has(name)) {
  if (name !== undefined) console.error(`No benchmark named "${name}".`);
  const width = Math.max(...[...all.keys()].map((key) => key.length));
  console.log('Usage: npm run bench -- <name> [args…]\n');
  for (const [key, line] of all) console.log(`  ${key.padEnd(width)}  ${line}`);
  process.exit(name === undefined ? 0 : 2);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`), ...args], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
