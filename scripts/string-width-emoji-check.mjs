import { readFile } from 'node:fs/promises';

// Ink measures every line it draws with string-width, which tests each grapheme of a line that is not plain ASCII
// against /^\p{RGI_Emoji}$/v. V8 builds that pattern (every emoji sequence Unicode lists) at its first use: 30–45 ms
// measured here, on every start of a screen that draws a mark such as · ▼ ✓ ❯. A grapheme of one code point can only
// be an RGI emoji if it has Emoji_Presentation (UTS #51: the single code points of Basic_Emoji; checked against
// V8's own tables for every code point), a pattern V8 builds at once, so such graphemes are asked that first; every
// other grapheme still meets the full pattern, and every width comes out as before.
const module = /node_modules[\\/]string-width[\\/]index\.js$/;
// Copies nested under another package (older majors, for wrap-ansi) measure differently and are left as they are.
const nested = /node_modules[\\/].+[\\/]node_modules[\\/]string-width[\\/]/;
const rgiTest = 'rgiEmojiRegex.test(segment)';
const checked = '(mayBeRgiEmoji(segment) && rgiEmojiRegex.test(segment))';
const helper = `
const emojiPresentationRegex = /\\p{Emoji_Presentation}/u;
function mayBeRgiEmoji(segment) {
	return segment.length > (segment.codePointAt(0) > 0xFFFF ? 2 : 1) || emojiPresentationRegex.test(segment);
}
`;

/** string-width's source with the cheap check before the RGI emoji pattern; throws if it reads differently. */
export function withEmojiCheck(code, path = 'string-width/index.js') {
  if (code.split(rgiTest).length !== 2 || !code.includes('const rgiEmojiRegex')) {
    throw new Error(
      `${path} no longer tests its emoji pattern as scripts/string-width-emoji-check.mjs expects`,
    );
  }
  return `${code.replace(rgiTest, checked)}${helper}`;
}

/** The esbuild plugin: string-width builds its RGI emoji pattern only for graphemes that could match it. */
export function stringWidthEmojiCheck() {
  return {
    name: 'string-width-emoji-check',
    setup(build) {
      build.onLoad({ filter: module }, async (args) =>
        nested.test(args.path)
          ? undefined
          : { contents: withEmojiCheck(await readFile(args.path, 'utf8'), args.path), loader: 'js' },
      );
    },
  };
}
