/** Quotes one word for a POSIX shell: 'it'\''s'. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// Characters every login shell (sh, bash, zsh, fish, csh, tcsh) reads literally inside single quotes.
const plain = /[A-Za-z0-9 ,._/:=+-]/;

/**
 * The command line that runs a POSIX shell script whatever the login shell is. sshd hands the command to the
 * user's login shell, and fish or csh cannot parse `$(…)`, `if …; then` or (csh) a newline inside quotes. So the
 * script travels as one single-quoted argument in which every other character is a printf octal escape, which no
 * login shell changes, and `sh` decodes and runs it.
 */
export function posixCommand(script: string): string {
  let encoded = '';
  for (const byte of Buffer.from(script)) {
    const char = String.fromCharCode(byte);
    encoded += plain.test(char) ? char : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  // The encoded script is one argv string, which Linux caps at 128 KiB (MAX_ARG_STRLEN); an escape quadruples a
  // byte, but the scripts are a few KiB and what they write (a config, a key) travels on stdin, never in here.
  // $(…) drops the script's trailing newlines, which cannot change what it does; sh's own messages say "sh:".
  return `${envelope}'${encoded}'`;
}

const envelope = `sh -c 'eval "$(printf "$1")"' sh `;

/** The script a posixCommand line carries, or undefined for any other command (the sandbox host reads it). */
export function scriptOf(command: string): string | undefined {
  if (!command.startsWith(envelope) || !command.endsWith("'")) return undefined;
  const encoded = command.slice(envelope.length + 1, -1);
  const bytes = encoded
    .split(/\\([0-7]{3})/)
    .flatMap((part, index) => (index % 2 === 1 ? [Number.parseInt(part, 8)] : [...Buffer.from(part)]));
  return Buffer.from(bytes).toString();
}
