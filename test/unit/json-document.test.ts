import { createServer } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { writeJsonDocument } from '../../source/ui/json-document.js';
import { freshStateDir, projectRoot, runCli } from '../helpers/cli.js';

/** What a stream received, with isTTY set as a terminal (or a pipe) would. */
function capture(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { out, text: () => text };
}

/** A local port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a JSON document on stdout', () => {
  const document = { ok: false, checks: [{ id: 'connection', status: 'fail' }] };

  it('is indented on a terminal', () => {
    const { out, text } = capture(true);
    writeJsonDocument(document, out);
    expect(text()).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });

  it('is one line on a pipe', () => {
    const { out, text } = capture(false);
    writeJsonDocument(document, out);
    expect(text()).toBe(`${JSON.stringify(document)}\n`);
  });
});

describe('every command printing a JSON document prints one line without a terminal', {
  timeout: 90_000,
}, () => {
  let emulator: Emulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator();
    seedFleet(emulator, { clinics: 2, offline: 0 });
    env = { NGROK_API_KEY: emulator.createApiKey(), NGROK_API_URL: emulator.url };
  });
  afterAll(async () => {
    await emulator.close();
  });

  const example = join(projectRoot, 'assets', 'examples', 'clinic1.yml');
  const commands: { name: string; args: () => Promise<string[]>; code: number; has: string }[] = [
    { name: 'fleet --json', args: async () => ['fleet', '--json'], code: 0, has: 'clinics' },
    { name: 'fleet --format json', args: async () => ['fleet', '--format', 'json'], code: 0, has: 'clinics' },
    {
      name: 'render --json',
      args: async () => ['render', '--answers', example, '--json'],
      code: 0,
      has: 'agent_config',
    },
    { name: 'schema', args: async () => ['schema'], code: 0, has: '$schema' },
    {
      name: 'doctor --json',
      args: async () => [
        'doctor',
        '--json',
        '--host',
        `tech@127.0.0.1:${await closedPort()}`,
        '--known-hosts',
        join(freshStateDir(), 'known_hosts'),
      ],
      code: 1,
      has: 'checks',
    },
  ];
  for (const command of commands) {
    it(`clinic-tui ${command.name}`, async () => {
      const args = await command.args();
      const result = await runCli(args, { env, timeoutMs: 80_000 });
      expect(result.code, result.stderr).toBe(command.code);
      const lines = result.stdout.split('\n');
      expect(lines, args.join(' ')).toHaveLength(2);
      expect(lines[1]).toBe('');
      expect(JSON.parse(lines[0]!)).toHaveProperty(command.has);
    });
  }
});
