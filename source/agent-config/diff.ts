import { structuredPatch } from 'diff';
import { maskAgentSecrets } from './mask.js';

/**
 * A unified line diff of two ngrok.yml texts for the review screen, with every authtoken masked on both sides
 * (`2ab…XyZ`), so a rotation shows as a changed line without revealing either token. Empty when nothing changed.
 */
export function diffAgentConfig(oldText: string, newText: string): string {
  const patch = structuredPatch(
    'current',
    'new',
    withFinalNewline(maskAgentSecrets(oldText)),
    withFinalNewline(maskAgentSecrets(newText)),
    undefined,
    undefined,
    { context: 3 },
  );
  return patch.hunks
    .flatMap((hunk) => [
      `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      ...hunk.lines.filter((line) => !line.startsWith('\\')),
    ])
    .join('\n');
}

/** jsdiff marks a missing final newline as a change of its own; a config file's last newline is not news. */
function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
