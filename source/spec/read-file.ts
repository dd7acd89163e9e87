import { open, stat } from 'node:fs/promises';

/**
 * Reading a file clinic-tui is given (an answers file, or any file `lint` checks) into text, with one set of rules
 * for every command: so `lint` and `render` accept and refuse the same files, with the same words.
 */

/** Larger than any answers file, agent config or policy by far; a bigger file is a wrong path, not configuration. */
export const maxConfigBytes = 1024 * 1024;

/** The file's text, or what is wrong with it as a phrase that follows the file's name ("is a directory"). */
export type ReadResult = { text: string } | { problem: string };

const tooBig = `clinic-tui reads files up to ${maxConfigBytes / 1024} KiB, and an answers file is a few KiB at most`;

/**
 * Reads a file as UTF-8 text: a directory, a missing or unreadable file, more than maxConfigBytes (a device such as
 * /dev/zero included), bytes that are not UTF-8 text, or old-Mac CR-only line ends come back as a problem.
 */
export async function readConfigFile(path: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { problem: 'is a directory' };
    if (info.size > maxConfigBytes) return { problem: `is ${Math.ceil(info.size / 1024)} KiB; ${tooBig}` };
    const read = await readAtMost(path, maxConfigBytes + 1);
    if (read.length > maxConfigBytes)
      return { problem: `is larger than ${maxConfigBytes / 1024} KiB; ${tooBig}` };
    bytes = read;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? ': no such file'
        : code === 'EACCES'
          ? ': permission denied'
          : ` (${code ?? String(error)})`;
    return { problem: `cannot be read${why}` };
  }
  const text = decodeText(bytes);
  if (text === undefined) return { problem: 'is not a text file (YAML or JSON in UTF-8)' };
  // YAML reads a lone CR as no line break at all, so a whole old-Mac file would be one comment or one odd value.
  if (/\r(?!\n)/.test(text))
    return { problem: 'uses CR line endings (old Mac); save it with LF or CRLF line endings' };
  return { text };
}

/**
 * Reads up to `limit` bytes: the stat size of a device or a pipe says nothing (/dev/zero is 0 bytes and endless),
 * so the read itself is bounded.
 */
async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const { bytesRead } = await handle.read(buffer, length, limit - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Strict UTF-8 without NUL bytes (a BOM is dropped), or undefined for anything else: binary, Latin-1, UTF-16. */
function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
