import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import type { SuppliedSecret } from './endpoint-probes.js';

const maxCredentialBytes = 16 * 1024;

/**
 * What is wrong with a credential value for one HTTP header, or undefined: printable ASCII (spaces and tabs allowed)
 * is all a header value may carry; anything else would make the request itself fail halfway through the probes.
 */
export function credentialProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  if (Buffer.byteLength(value) > maxCredentialBytes) return `it is over ${maxCredentialBytes} bytes`;
  if (!/^[\x20-\x7e\t]+$/.test(value))
    return 'it holds a character a header value cannot carry (only printable ASCII, on one line)';
  return undefined;
}

/**
 * Reads a credential for the authorised probe from a file (a header value or a JWT): one line, the trailing newline
 * dropped. Unreadable, oversized or not a header value is bad input (exit 2), checked before anything is probed;
 * the value itself never appears in a message.
 */
export async function readCredentialFile(path: string, flag: string): Promise<SuppliedSecret> {
  const value = (await readSmallFile(path, flag)).replace(/\r?\n$/, '');
  const problem = credentialProblem(value);
  if (problem) {
    throw new UserError(
      `${flag} ${path} must hold the value on one line, and ${problem}.`,
      'Put only the value in the file, on one line.',
    );
  }
  return { value, from: basename(path) };
}

/** The file's text; its size is checked first, so a device such as /dev/zero is refused rather than read forever. */
async function readSmallFile(path: string, flag: string): Promise<string> {
  const hint = 'Give a file holding the value on one line.';
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > maxCredentialBytes + 2)
      throw new UserError(`${flag} ${path} is not a file of at most ${maxCredentialBytes} bytes.`, hint);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UserError(`${flag} ${path} cannot be read (${code}).`, hint);
  }
}
