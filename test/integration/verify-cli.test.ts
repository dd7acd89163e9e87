import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../../source/ngrok/tags.js';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import { callRoute, seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

// verify end to end: the clinic's endpoints come from the emulator by tag, each public URL's route from a stand-in
// for the sandbox edge (GET /_sandbox/edge/resolve), and the probes reach small local servers playing the edge.
const headerSecret = 'hdr-value-7f3a9c';
const tokenSecret = 'eyJ.token-value-41d2';

const spec = await loadAnswersFile('assets/examples/clinic1.yml');
const policyOf = (name: string) => {
  const service = spec.services.find((one) => one.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return policyToApiString(buildPolicy(spec, service));
};

const servers: Server[] = [];
async function listen<T extends Server | ReturnType<typeof createTcpServer>>(server: T): Promise<number> {
  servers.push(server as Server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

let emulator: Emulator;
let apiKey: string;
let edge: string;
let dbUrl: string;
const resolved: string[] = [];
const reachedTheClinic: IncomingMessage[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  apiKey = emulator.createApiKey();
  // The guide's clinic: its API refuses without both credentials (401), its database closes strangers' connections.
  const guarded = await listen(
    createHttpServer((req, res) => {
      const authorised =
        req.headers['example-token'] === headerSecret &&
        req.headers.authorization === `Bearer ${tokenSecret}`;
      if (authorised) reachedTheClinic.push(req);
      res.writeHead(authorised ? 200 : 401).end();
    }),
  );
  const closing = await listen(createTcpServer((socket) => socket.destroy()));
  // The seeded clinics forward everyone: their edge lets every request in.
  const leaky = await listen(createHttpServer((_req, res) => res.writeHead(200).end()));
  const reserved = callRoute(emulator.state, 'POST', '/reserved_addrs', { region: 'us' });
  dbUrl = `tcp://${String(reserved.addr)}`;
  const routes = new Map<string, number>([
    ['https://api-clinic1.clinic-network.com', guarded],
    [dbUrl, closing],
  ]);
  const resolver = await listen(
    createHttpServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://edge').searchParams.get('url') ?? '';
      resolved.push(url);
      const port = routes.get(url) ?? (/clinic[23]/.test(url) ? leaky : undefined);
      if (!port) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          host: '127.0.0.1',
          port,
          tls: false,
          servername: new URL(url).hostname,
          source_address: '198.51.100.20',
          not_evaluated: url.includes('clinic3') ? ['forward-internal'] : [],
        }),
      );
    }),
  );
  edge = `http://127.0.0.1:${resolver}`;
  seedFleet(emulator, { clinics: 2, offline: 0, firstNumber: 2 });
  const tag = (service: string) => formatTag({ clinic: 'clinic1', role: 'cloud-endpoint', service });
  callRoute(emulator.state, 'POST', '/endpoints', {
    type: 'cloud',
    url: 'https://api-clinic1.clinic-network.com',
    traffic_policy: policyOf('rest-api'),
    metadata: tag('rest-api'),
  });
  callRoute(emulator.state, 'POST', '/endpoints', {
    type: 'cloud',
    url: dbUrl,
    traffic_policy: policyOf('patient-db'),
    metadata: tag('patient-db'),
  });
});
afterAll(async () => {
  await emulator?.close();
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

function verify(args: string[], home = freshStateDir()) {
  return runCli(['verify', ...args], {
    env: {
      NGROK_API_KEY: apiKey,
      NGROK_API_URL: emulator.url,
      CLINIC_TUI_HOME: home,
      CLINIC_TUI_SANDBOX_EDGE: edge,
    },
    timeoutMs: 60_000,
  });
}

const saved = (home: string) => JSON.parse(readFileSync(join(home, 'probe-results.json'), 'utf8'));

describe('clinic-tui verify', () => {
  it('the guide clinic refuses every stranger: one ✓ line per probe, exit 0, the verdicts saved', async () => {
    const home = freshStateDir();
    const result = await verify(['clinic1'], home);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => /^[✓✗?] /.test(line));
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(result.stdout).toContain('GET / with no header, no token → HTTP 401');
    expect(result.stdout).toContain('a connection from 198.51.100.20, nothing sent → closed by the far side');
    expect(saved(home).clinics.clinic1.endpoints).toEqual([
      expect.objectContaining({
        url: 'https://api-clinic1.clinic-network.com',
        name: 'rest-api',
        verdict: 'refused',
      }),
      expect.objectContaining({
        url: dbUrl,
        name: 'patient-db',
        verdict: 'refused',
      }),
    ]);
  });

  it('a clinic whose endpoint lets anyone in exits 3, with one JSON object per probe and the summary last', async () => {
    const home = freshStateDir();
    const result = await verify(['clinic2', '--json'], home);
    expect(result.code, result.stderr).toBe(3);
    const objects = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(objects[0]).toMatchObject({
      type: 'probe',
      probe: 'no-credential',
      outcome: 'open',
      got: 'HTTP 200',
    });
    expect(objects.at(-1)).toMatchObject({
      clinic: 'clinic2',
      endpoints: [expect.objectContaining({ verdict: 'open' })],
    });
    expect(saved(home).clinics.clinic2.endpoints[0].verdict).toBe('open');
  });

  it('a let-in through an action the sandbox does not evaluate is ? and proves nothing: exit 0, saved not-provable', async () => {
    const home = freshStateDir();
    const result = await verify(['clinic3'], home);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('? https://');
    expect(result.stdout).toContain('not provable in the sandbox: forward-internal');
    expect(saved(home).clinics.clinic3.endpoints[0].verdict).toBe('not-provable');
  });

  it('with the credentials from files the authorised request reaches the clinic; no value is printed or stored', async () => {
    const home = freshStateDir();
    const dir = freshStateDir();
    writeFileSync(join(dir, 'hdr.txt'), `${headerSecret}\n`);
    writeFileSync(join(dir, 'jwt.txt'), `${tokenSecret}\n`);
    const before = reachedTheClinic.length;
    const result = await verify(
      ['clinic1', '--header-file', join(dir, 'hdr.txt'), '--token-file', join(dir, 'jwt.txt')],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(reachedTheClinic.length).toBe(before + 1);
    expect(result.stdout).toContain(
      'with Example-Token with the header value from hdr.txt and the token from jwt.txt → HTTP 200',
    );
    const everything = [
      result.stdout,
      result.stderr,
      ...readdirSync(home).map((file) => readFileSync(join(home, file), 'utf8')),
    ].join('\n');
    expect(everything).not.toContain(headerSecret);
    expect(everything).not.toContain(tokenSecret);
  });

  it('an unreadable credential file or a bad id is bad input: exit 2, nothing probed', async () => {
    const before = resolved.length;
    const missing = await verify(['clinic1', '--token-file', '/nonexistent/jwt.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--token-file /nonexistent/jwt.txt cannot be read');
    const badId = await verify(['Clinic_1']);
    expect(badId.code).toBe(2);
    // A value a header cannot carry (a control character) is refused before any probe, and not echoed.
    const oddFile = join(freshStateDir(), 'header.txt');
    writeFileSync(oddFile, 'sec\u0001ret-value\n');
    const odd = await verify(['clinic1', '--header-file', oddFile]);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('a character a header value cannot carry');
    expect(odd.stderr + odd.stdout).not.toContain('ret-value');
    const device = await verify(['clinic1', '--token-file', '/dev/zero']);
    expect(device.code).toBe(2);
    const badEdge = await runCli(['verify', 'clinic1'], {
      env: { NGROK_API_KEY: apiKey, NGROK_API_URL: emulator.url, CLINIC_TUI_SANDBOX_EDGE: 'edge.example' },
    });
    expect(badEdge.code).toBe(2);
    expect(badEdge.stderr).toContain('CLINIC_TUI_SANDBOX_EDGE must be');
    expect(resolved.length).toBe(before);
  });

  it('an endpoint the edge has no route to fails the run (exit 1) and says so', async () => {
    callRoute(emulator.state, 'POST', '/endpoints', {
      type: 'cloud',
      url: 'https://api-clinic9.clinic-network.com',
      traffic_policy: policyOf('rest-api'),
      metadata: formatTag({ clinic: 'clinic9', role: 'cloud-endpoint', service: 'rest-api' }),
    });
    const result = await verify(['clinic9']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      '✗ https://api-clinic9.clinic-network.com (rest-api): nothing → no route: the sandbox edge serves no endpoint',
    );
  });
});
