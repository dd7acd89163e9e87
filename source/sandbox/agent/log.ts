import { appendFileSync } from 'node:fs';

/** A logfmt logger like the agent's (`t=… lvl=info msg="…"`), appending to one file synchronously. */
export type Logger = (level: 'info' | 'warn' | 'eror', msg: string, fields?: Record<string, string>) => void;

/** A logger writing to a file, or to stdout when the path is undefined (foreground `ngrok start`). */
export function createLogger(path: string | undefined): Logger {
  return (level, msg, fields = {}) => {
    const extra = Object.entries(fields)
      .map(([key, value]) => ` ${key}=${JSON.stringify(value)}`)
      .join('');
    const line = `t=${new Date().toISOString()} lvl=${level} msg=${JSON.stringify(msg)}${extra}\n`;
    if (path) appendFileSync(path, line);
    else process.stdout.write(line);
  };
}
