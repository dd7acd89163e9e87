import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { version } from '../../source/version.js';
import { projectRoot, runCli } from '../helpers/cli.js';

describe('clinic-tui entry point', () => {
  it('prints help with exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: clinic-tui');
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
