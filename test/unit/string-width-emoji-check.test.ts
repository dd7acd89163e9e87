import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringWidthEmojiCheck, withEmojiCheck } from '../../scripts/string-width-emoji-check.mjs';
import { projectRoot } from '../helpers/cli.js';

/**
 * The build gives string-width (Ink's text measure) a cheap check before its RGI emoji pattern, which V8 takes
 * 30–45 ms to build. Every width must come out as string-width's own: compared over every code point and over
 * sequences (emoji with ZWJ, modifiers, flags, keycaps, variation selectors; combining marks; wide scripts).
 */
let dir: string;
let checkedWidth: typeof stringWidth;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-tui-string-width-'));
  const outfile = join(dir, 'string-width.mjs');
  await build({
    absWorkingDir: projectRoot,
    stdin: { contents: "export { default } from 'string-width';", resolveDir: projectRoot },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    plugins: [stringWidthEmojiCheck()],
    logLevel: 'silent',
  });
  checkedWidth = (await import(pathToFileURL(outfile).href)).default;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sequences = [
  'ink floor · ▼ ↑↓ ❯ ✓ — …',
  '👍',
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇯🇵',
  '🇦',
  '1️⃣',
  '1⃣',
  '#️⃣',
  '©',
  '©️',
  '☺',
  '☺️',
  '✔',
  '✔️',
  '⌚',
  'e\u0301',
  'ｱﾞ',
  '漢字かなカナ',
  '한국어',
  '\u1100\u1161\u11a8',
  'a\u200db',
  '\u{1F9D1}\u200d\u{1F4BB}',
  'clinic1 · online · 3 endpoints',
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe('string-width with the emoji check', () => {
  it('gives the width string-width gives, for every code point of the planes that hold emoji and symbols', () => {
    const differing: string[] = [];
    const planes = [
      [0x20, 0x1ffff],
      [0xe0000, 0xe007f],
    ] as const;
    for (const codePoint of planes.flatMap(([from, to]) => range(from, to))) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const text = String.fromCodePoint(codePoint);
      if (checkedWidth(text) !== stringWidth(text)) differing.push(codePoint.toString(16));
    }
    expect(differing).toEqual([]);
  });

  it('gives the width string-width gives for sequences', () => {
    for (const text of sequences) expect([text, checkedWidth(text)]).toEqual([text, stringWidth(text)]);
  });

  it('refuses a string-width that no longer tests its emoji pattern as expected', () => {
    expect(() => withEmojiCheck('export default () => 1;')).toThrow(/no longer tests its emoji pattern/);
  });
});
