import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Every command's help page, and whether the command reads the ngrok API (its help then names the key). */
const pages: { command: string[]; readsApi: boolean; environment?: string }[] = [
  { command: ['onboard'], readsApi: true },
  { command: ['doctor'], readsApi: false, environment: 'SSH_AUTH_SOCK' },
  { command: ['fleet'], readsApi: true },
  { command: ['verify'], readsApi: true },
  { command: ['rotate'], readsApi: true },
  { command: ['offboard'], readsApi: true },
  { command: ['lint'], readsApi: false },
  { command: ['render'], readsApi: false },
  { command: ['schema'], readsApi: false },
  { command: ['demo'], readsApi: false },
  { command: ['sandbox'], readsApi: false },
  { command: ['sandbox', 'up'], readsApi: false },
  { command: ['sandbox', 'api'], readsApi: false },
];

/** The lines of one section of a help page (`Examples:` up to the next blank line). */
function section(text: string, heading: string): string | undefined {
  const at = text.indexOf(`\n${heading}:\n`);
  if (at < 0) return undefined;
  const body = text.slice(at + heading.length + 3);
  return body.slice(0, body.indexOf('\n\n') < 0 ? undefined : body.indexOf('\n\n'));
}

describe('every help page', { timeout: 90_000 }, () => {
  for (const { command, readsApi, environment } of pages) {
    it(`clinic-tui ${command.join(' ')} --help`, async () => {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      const help = result.stdout;
      expect(section(help, 'Examples'), help).toMatch(
        new RegExp(`^ {2}\\$ clinic-tui ${command.join(' ')}\\b`),
      );
      expect(section(help, 'Exit codes'), help).toMatch(/^ {2}0 +\S/);
      if (readsApi) expect(section(help, 'Environment'), help).toMatch(/^ {2}NGROK_API_KEY /);
      if (environment) expect(section(help, 'Environment'), help).toContain(environment);
      // A number's default reads as a number, not as a quoted string.
      expect(help).not.toMatch(/\(default: "\d+"\)/);
      // A repeatable option starts empty without saying so as `[]`.
      expect(help).not.toContain('(default: [])');
    });
  }
});
