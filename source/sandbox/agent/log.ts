import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A logfmt logger like the agent's (`t=… lvl=info msg="…"`), appending to one file synchronously. */
export type Logger = (level: 'info' | 'warn' | 'eror', msg: string, fields?: Record<string, string>) => void;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The BSD syslog line a syslog daemon writes (https://www.rfc-editor.org/rfc/rfc3164#section-4.1.2): ngrok's
// service "sends logs to the OS's native logging service" (https://ngrok.com/docs/agent/#background-service).
function syslogPrefix(now: Date): string {
  const day = String(now.getDate()).padStart(2, ' ');
  const time = now.toTimeString().slice(0, 8);
  return `${months[now.getMonth()]} ${day} ${time} ${hostname()} ngrok[${process.pid}]: `;
}

/**
 * A logger writing to a file, or to stdout when the path is undefined (foreground `ngrok start`); with syslog,
 * each line carries the syslog prefix, as in /var/log/syslog.
 */
export function createLogger(path: string | undefined, options: { syslog?: boolean } = {}): Logger {
  return (level, msg, fields = {}) => {
    const extra = Object.entries(fields)
      .map(([key, value]) => ` ${key}=${JSON.stringify(value)}`)
      .join('');
    const now = new Date();
    const prefix = options.syslog ? syslogPrefix(now) : '';
    const line = `${prefix}t=${now.toISOString()} lvl=${level} msg=${JSON.stringify(msg)}${extra}\n`;
    if (path) appendFileSync(path, line);
    else process.stdout.write(line);
  };
}
