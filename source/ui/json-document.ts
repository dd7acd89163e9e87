/**
 * How a command prints one JSON document (`fleet --json`, `render --json`, `doctor --json`, `lint --json`, `schema`): indented
 * for a person at a terminal, one line when stdout is a pipe or a file, so a script reading line by line gets the
 * whole document in one read (as gh does).
 */

/** Writes `value` as JSON and a newline: indented on a terminal, on one line otherwise. */
export function writeJsonDocument(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  const terminal = (out as { isTTY?: boolean }).isTTY === true;
  out.write(`${terminal ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}
