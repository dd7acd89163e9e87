import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../source/errors.js';
import { runLint } from '../../source/lint/run.js';
import { loadAnswersFile } from '../../source/spec/load.js';

// `render`, `onboard` and `doctor` read an answers file with loadAnswersFile; `lint` must accept and refuse the same
// files, and say the same thing about the same problem.
const example = readFileSync('assets/examples/clinic1.yml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-lint-render-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
mkdirSync(join(dir, 'a-directory'));
const asJson = JSON.stringify(parse(example), null, 2);

/** What each reads, and the words both must use (undefined: both accept it). */
const cases: [string, string, string | undefined][] = [
  ['the guide clinic', file('clinic1.yml', example), undefined],
  ['a BOM and CRLF line ends', file('crlf.yml', `\uFEFF${example.replaceAll('\n', '\r\n')}`), undefined],
  // YAML forgives a trailing comma in a flow mapping, and YAML reads JSON answers.
  ['JSON with a trailing comma', file('comma.json', asJson.replace(/\n}$/, ',\n}')), undefined],
  ['a file over 1 MiB', file('big.yml', `${example}#${'x'.repeat(1026 * 1024)}\n`), 'is 1028 KiB'],
  ['an endless device', '/dev/zero', 'is larger than 1024 KiB'],
  [
    'Latin-1 text',
    file('latin1.yml', Buffer.from(example.replace('Clinic 1', 'Clínica'), 'latin1')),
    'is not a text file (YAML or JSON in UTF-8)',
  ],
  ['a NUL byte', file('nul.yml', `${example}\0`), 'is not a text file (YAML or JSON in UTF-8)'],
  [
    'CR-only line ends',
    file('cr.yml', example.replaceAll('\n', '\r')),
    'uses CR line endings (old Mac); save it with LF or CRLF line endings',
  ],
  [
    'a custom tag',
    file('tag.yml', example.replace('name: Clinic 1', 'name: !custom Clinic 1')),
    'uses a YAML tag clinic-tui does not read (Unresolved tag: !custom',
  ],
  ['a directory', join(dir, 'a-directory'), 'is a directory'],
  ['a missing file', join(dir, 'nope.yml'), 'cannot be read: no such file'],
  [
    'a YAML syntax error',
    file('syntax.yml', example.replace('version: 1', 'version: 1\n  bad: [')),
    'Nested mappings are not allowed in compact mappings',
  ],
  [
    'a key given twice',
    file('twice.yml', example.replace('version: 1', 'version: 1\nversion: 1')),
    'is not valid YAML or JSON: Map keys must be unique',
  ],
  [
    'a field out of range',
    file('field.yml', example.replace('upstream: 8080', 'upstream: 0')),
    'services[0].upstream: must be a port from 1 to 65535',
  ],
];

/** Runs lint on one file; its exit code and everything it printed. */
async function lint(
  path: string,
  options: { json?: boolean } = {},
): Promise<{ code: number; output: string }> {
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const code = await runLint([path], options);
  vi.restoreAllMocks();
  return { code, output };
}

/** Reads a file as render does; the message it refuses it with, or undefined when it is accepted. */
async function render(path: string): Promise<string | undefined> {
  try {
    await loadAnswersFile(path);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
}

describe('lint and render agree on answers files', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(cases)('%s', async (_what, path, words) => {
    const [linted, refused] = [await lint(path), await render(path)];
    if (words === undefined) {
      expect(refused).toBeUndefined();
      expect(linted.code, linted.output).toBe(0);
      return;
    }
    expect(refused).toContain(words);
    expect(linted.code).not.toBe(0);
    // The field checks print `FILE:PATH: error: message`; render lists `  PATH: message`.
    expect(linted.output.replace(': error:', ':')).toContain(words);
  });
});

describe('lint --json', () => {
  const isTTY = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = isTTY;
  });

  it('is one line when stdout is not a terminal', async () => {
    process.stdout.isTTY = false;
    const { output } = await lint(join(dir, 'clinic1.yml'), { json: true });
    expect(output.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(output).files[0]).toMatchObject({ status: 'checked', kind: 'answers' });
  });

  it('is indented on a terminal', async () => {
    process.stdout.isTTY = true;
    const { output } = await lint(join(dir, 'clinic1.yml'), { json: true });
    expect(output).toContain('\n  "files": [');
    expect(JSON.parse(output).files[0]).toMatchObject({ status: 'checked', kind: 'answers' });
  });
});
