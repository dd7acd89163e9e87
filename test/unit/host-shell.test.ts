import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { posixCommand, scriptOf } from '../../source/host/shell.js';

// Quotes of both kinds, a backslash, %, $, $(…), if/then, a newline and a non-ASCII character.
const script = `set -e\nx='it'"'"'s 100% \\\\ $HOME'\nif [ -n "$x" ]; then echo "$x $(echo é)"; fi\n`;

describe('a script for any login shell', () => {
  it('runs under sh exactly as the script does, from one single-quoted word of plain characters', () => {
    const command = posixCommand(script);
    expect(execFileSync('/bin/sh', ['-c', command]).toString()).toBe(
      execFileSync('/bin/sh', ['-c', script]).toString(),
    );
    const word = command.slice(command.lastIndexOf(" '") + 2, -1);
    expect(word).toMatch(/^[A-Za-z0-9 ,._/:=+\\-]*$/);
  });

  it('gives its script back to the sandbox host, and nothing for another command', () => {
    expect(scriptOf(posixCommand(script))).toBe(script);
    expect(scriptOf('uname -s')).toBeUndefined();
  });
});
