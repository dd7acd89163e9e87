import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { cliBundle, projectRoot, runCli } from '../helpers/cli.js';

// Spawning the CLI through tsx takes seconds on a loaded 2-core machine; the limit is generous, not a measure.
const spawnTimeout = 120_000;

it(
  '`sandbox api` prints its URL, accepts only --api-key, and stops cleanly on Ctrl+C',
  async () => {
    const child = spawn(
      process.execPath,
      [cliBundle, 'sandbox', 'api', '--port', '0', '--api-key', 'sandbox_key', '--rate-limit', '0'],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /export NGROK_API_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      expect(stdout).toContain(`ngrok API emulator listening on ${url}\n`);
      const ask = (key: string) =>
        fetch(`${url}/credentials`, { headers: { authorization: `Bearer ${key}`, 'ngrok-version': '2' } });
      expect((await ask('other_key')).status).toBe(401);
      expect((await ask('sandbox_key')).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  },
  spawnTimeout,
);

it(
  '`sandbox api --rate-limit -1` is a usage error (exit 2)',
  async () => {
    const result = await runCli(['sandbox', 'api', '--rate-limit', '-1'], { timeoutMs: spawnTimeout - 5000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rate-limit must be a whole number');
  },
  spawnTimeout,
);

it(
  '`sandbox api --port N` on a port already taken says so and what to do (exit 2), not a bug report',
  async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(['sandbox', 'api', '--port', String(port)], {
        timeoutMs: spawnTimeout - 5000,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stderr).not.toMatch(/bug/i);
    } finally {
      taken.close();
    }
  },
  spawnTimeout,
);
