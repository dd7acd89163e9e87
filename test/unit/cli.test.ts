import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { version } from '../../source/version.js';
import { projectRoot, runCli } from '../helpers/cli.js';

describe('clinic-tui entry point', () => {
  it('prints help with exit 0: commands grouped by task, examples and the environment', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: clinic-tui <command> [flags]');
    const headings = ['Set up:', 'Operate:', 'Tools:', 'Try:', 'Examples:', 'Environment:'];
    const at = headings.map((heading) => result.stdout.indexOf(`\n${heading}\n`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const group = (heading: string, next: string) =>
      result.stdout.slice(result.stdout.indexOf(heading), result.stdout.indexOf(next));
    expect(group('Set up:', 'Operate:')).toMatch(/onboard[\s\S]*doctor/);
    expect(group('Operate:', 'Tools:')).toMatch(/fleet[\s\S]*rotate[\s\S]*offboard/);
    expect(group('Tools:', 'Try:')).toMatch(/lint[\s\S]*render[\s\S]*schema/);
    expect(group('Try:', 'Examples:')).toMatch(/demo[\s\S]*sandbox/);
    // Every command description reads as a sentence.
    for (const line of group('Set up:', 'Examples:').split('\n')) {
      const description = /^ {2}\S.*? {2,}(\S.*)$/.exec(line)?.[1];
      if (description) expect(description[0], line).toBe(description[0]!.toUpperCase());
    }
    expect(result.stdout).toContain('NGROK_API_KEY');
    expect(result.stdout.endsWith('\n')).toBe(true);
  });

  it("a command's help has examples, its environment and its exit codes", async () => {
    const result = await runCli(['onboard', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ clinic-tui onboard/);
    expect(result.stdout).toMatch(/Environment:\n {2}NGROK_API_KEY/);
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 /);
  });

  it('an unknown flag prints the error, the usage and where to read more, exit 2', async () => {
    const result = await runCli(['onboard', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: clinic-tui onboard [options]');
    expect(result.stderr).toContain("Run 'clinic-tui onboard --help' for more.");
    expect(result.stderr.endsWith('\n')).toBe(true);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version).toBe(pkg.version);
    const result = await runCli(['--version']);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('refuses an unknown command or flag with usage on stderr and exit 2', async () => {
    const command = await runCli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).not.toBe('');
    const flag = await runCli(['--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option');
  });
});
