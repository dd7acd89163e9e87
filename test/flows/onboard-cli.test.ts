import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('clinic-tui onboard without a terminal', { timeout: 240_000 }, () => {
  it('refuses without --answers and says what to pass', async () => {
    const result = await runCli(['onboard', '--yes'], { timeoutMs: 110_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --answers FILE');
  });

  it('refuses to apply without --yes or --dry-run, before touching anything', async () => {
    const result = await runCli(['onboard', '--answers', 'assets/examples/clinic1.yml'], {
      env: { NGROK_API_KEY: '' },
      timeoutMs: 110_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
  });
});
