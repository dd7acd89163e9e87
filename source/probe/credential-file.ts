import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import type { SuppliedSecret } from './endpoint-probes.js';

const maxCredentialBytes = 16 * 1024;

/**
 * Reads a credential for the authorised probe from a file (a header value or a JWT): one line, the trailing newline
 * dropped. Unreadable, empty or oversized is bad input (exit 2); the value itself never appears in a message.
 */
export async function readCredentialFile(path: string, flag: string): Promise<SuppliedSecret> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UserError(
      `${flag} ${path} cannot be read (${code}).`,
      'Give a file holding the value on one line.',
    );
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '' || /[\r\n]/.test(value) || Buffer.byteLength(value) > maxCredentialBytes) {
    throw new UserError(
      `${flag} ${path} must hold one non-empty line of at most ${maxCredentialBytes} bytes.`,
      'Put only the value in the file, on one line.',
    );
  }
  return { value, from: basename(path) };
}
