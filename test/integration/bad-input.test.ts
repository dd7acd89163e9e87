import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

// Bad input, everywhere a user can type it, through the built CLI without a TTY: every case must exit 2 with a
// message naming the input, print no stack trace and no secret, send no request to the API, open no connection
// to the clinic host and write nothing under CLINIC_TUI_HOME. One emulator and one fake host for the file; each
// case has its own API key, so the requests it caused can be told apart while the cases run side by side.

let emulator: Emulator;
let host: Server;
let hostConnections = 0;
const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-bad-input-'));
const path = (name: string) => join(dir, name);

// biome-ignore lint/suspicious/noExplicitAny: each variant reaches into a different part of the answers.
type Answers = Record<string, any>;
function answers(hostPort: number): Answers {
  return {
    version: 1,
    clinic: { id: 'clinic9', name: 'Clinic 9' },
    network: { domain: 'clinic-network.com' },
    services: [
      {
        name: 'rest-api',
        internal_url: 'https://rest-api.clinic9.internal',
        upstream: 8080,
        public: { url: 'https://api-clinic9.clinic-network.com' },
      },
      {
        name: 'patient-db',
        internal_url: 'tcp://patient-db.clinic9.internal:5432',
        upstream: 5432,
        public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
      },
      {
        name: 'ops-db',
        internal_url: 'tcp://ops-db.clinic9.internal:1433',
        upstream: 1433,
        public: { url: 'reserve', allow_ips: ['203.0.113.42/32', '2001:db8::/32'] },
      },
    ],
    host: { address: '127.0.0.1', port: hostPort, user: 'technician' },
  };
}

/** Writes the base answers with one change, as JSON (a YAML answers file may be JSON). */
function variant(name: string, change: (a: Answers) => void): string {
  const data = answers((host.address() as { port: number }).port);
  change(data);
  writeFileSync(path(name), JSON.stringify(data, null, 2));
  return path(name);
}

interface Case {
  what: string;
  args: () => string[];
  env?: () => Record<string, string | undefined>;
  /** What stderr must say. */
  says: string;
  /** For cases that point CLINIC_TUI_HOME elsewhere on purpose. */
  ownHome?: boolean;
}

const onboard = (file: () => string) => () => [
  'onboard',
  '--answers',
  file(),
  '--yes',
  '--accept-new-host-key',
];
const base = () => path('base.json');

const cases: Case[] = [
  // Flags.
  {
    what: 'onboard --json with --plain',
    args: () => ['onboard', '--answers', base(), '--dry-run', '--json', '--plain'],
    says: "'--json' cannot be used with option '--plain'",
  },
  {
    what: 'offboard --json with --plain',
    args: () => ['offboard', 'clinic1', '--yes', '--json', '--plain'],
    says: 'cannot be used with option',
  },
  {
    what: 'offboard id with capitals and _',
    args: () => ['offboard', 'Clinic_1', '--yes'],
    says: '"Clinic_1" is not a clinic id',
  },
  {
    what: 'rotate id with capitals and _',
    args: () => ['rotate', 'Clinic_1', '--yes'],
    says: 'is not a clinic id',
  },
  {
    what: 'rotate one clinic with --concurrency',
    args: () => ['rotate', 'clinic1', '--yes', '--concurrency', '4'],
    says: 'go with --all',
  },
  {
    what: 'rotate --answers of another clinic',
    args: () => ['rotate', 'clinic1', '--yes', '--answers', base()],
    says: 'describes clinic clinic9, not clinic1',
  },
  {
    what: 'rotate --answers with a bad field (and --identity)',
    args: () => [
      'rotate',
      'clinic9',
      '--yes',
      '--identity',
      path('key'),
      '--answers',
      path('version-2.json'),
    ],
    says: 'version: must be 1',
  },
  {
    what: 'fleet --interval 1e12',
    args: () => ['fleet', '--interval', '1e12'],
    says: '--interval must be a number of seconds from 1 to 3600',
  },
  {
    what: 'fleet --json with --format prometheus',
    args: () => ['fleet', '--json', '--format', 'prometheus'],
    says: 'two formats',
  },
  {
    what: 'fleet --once with --interval',
    args: () => ['fleet', '--once', '--interval', '30'],
    says: "--interval sets the live view's refresh",
  },
  {
    what: 'doctor --config relative',
    args: () => ['doctor', '--host', `u@127.0.0.1:${hostPort()}`, '--config', 'etc/ngrok.yml'],
    says: 'is not an absolute file path',
  },
  {
    what: 'onboard --identity missing',
    args: () => ['onboard', '--answers', base(), '--yes', '--identity', path('nope')],
    says: 'no such file',
  },
  {
    what: 'onboard --identity not a key',
    args: () => ['onboard', '--answers', base(), '--yes', '--identity', base()],
    says: 'is not an SSH private key',
  },
  {
    what: 'onboard --known-hosts a directory',
    args: () => ['onboard', '--answers', base(), '--yes', '--known-hosts', dir],
    says: '--known-hosts',
  },
  {
    what: 'render --out a file',
    args: () => ['render', '--answers', base(), '--out', base()],
    says: 'a file is in the way',
  },
  {
    what: 'sandbox api --port 70000',
    args: () => ['sandbox', 'api', '--port', '70000'],
    says: '--port must be a whole number from 0 to 65535',
  },
  {
    what: 'sandbox api --api-key ""',
    args: () => ['sandbox', 'api', '--api-key', ''],
    says: "'--api-key <key>' argument '' is invalid",
  },
  // Environment.
  {
    what: 'NGROK_API_URL without a host',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_URL: 'http://' }),
    says: 'NGROK_API_URL must be an http(s) URL with a host',
  },
  {
    what: 'NGROK_API_URL with a query',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_URL: `${emulator.url}?x=1` }),
    says: 'query or fragment',
  },
  {
    what: 'NGROK_API_URL with a password',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_URL: 'http://u:hunter2@127.0.0.1:1' }),
    says: 'must not hold a user or password',
  },
  {
    what: 'NGROK_API_KEY with a line break',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_KEY: 'secretpart1\nsecretpart2' }),
    says: 'NGROK_API_KEY holds characters',
  },
  {
    what: 'NGROK_API_KEY with spaces and a line break around it (not trimmed and used)',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_KEY: '  secretpart1\n' }),
    says: 'NGROK_API_KEY holds characters',
  },
  {
    what: 'NGROK_API_URL set but empty (not a silent fallback to the real API)',
    args: () => ['fleet', '--once'],
    env: () => ({ NGROK_API_URL: '' }),
    says: 'NGROK_API_URL is set but empty',
  },
  {
    what: 'onboard --yes with --dry-run',
    args: () => ['onboard', '--answers', base(), '--yes', '--dry-run'],
    says: "'--dry-run' cannot be used with option '-y, --yes'",
  },
  {
    what: 'rotate --older-than beyond any real age',
    args: () => ['rotate', '--all', '--yes', '--older-than', '9000w'],
    says: 'older than any authtoken can be',
  },
  {
    what: 'doctor --host with a shell command in it',
    args: () => ['doctor', '--host', 'tech@1.2.3.4;id'],
    says: '--host "tech@1.2.3.4;id" must be a host name',
  },
  {
    what: 'NGROK_API_KEY with non-ASCII',
    args: () => ['onboard', '--answers', base(), '--yes'],
    env: () => ({ NGROK_API_KEY: 'secretpärt123' }),
    says: 'NGROK_API_KEY holds characters',
  },
  {
    what: 'CLINIC_TUI_HOME a file',
    args: () => ['onboard', '--answers', base(), '--yes'],
    env: () => ({ CLINIC_TUI_HOME: base() }),
    says: 'a file is in the way',
    ownHome: true,
  },
  {
    what: 'CLINIC_TUI_HOME relative',
    args: () => ['fleet', '--once'],
    env: () => ({ CLINIC_TUI_HOME: 'state' }),
    says: 'CLINIC_TUI_HOME must be an absolute path',
    ownHome: true,
  },
  {
    what: 'CLINIC_TUI_HOME not writable',
    args: () => ['onboard', '--answers', base(), '--yes'],
    env: () => ({ CLINIC_TUI_HOME: '/proc/clinic-tui' }),
    says: 'cannot be used',
    ownHome: true,
  },
  // Answers files: one bad field in a valid file fails before any API call or SSH connection.
  {
    what: 'answers: a public database open to anyone, not said so',
    args: onboard(() => path('open-db.json')),
    says: 'services[1].public.allow_ips: list the addresses allowed in (such as 203.0.113.42/32): a public tcp endpoint has no other access control. To open it to anyone on the internet, set allow_anyone: true',
  },
  {
    what: 'answers: allow_anyone beside an allow list',
    args: onboard(() => path('anyone-and-list.json')),
    says: 'services[2].public.allow_anyone: contradicts allow_ips',
  },
  {
    what: 'answers: internal host with _',
    args: onboard(() => path('underscore.json')),
    says: 'services[0].internal_url: "rest_api" is not a host name label',
  },
  {
    what: 'answers: SSH port as text',
    args: onboard(() => path('port-text.json')),
    says: 'host.port: must be a port number',
  },
  {
    what: 'answers: a clinic record too big for the credential metadata',
    args: onboard(() => path('record-too-big.json')),
    says: 'services: makes the clinic record too big',
  },
  {
    what: 'answers: identity_file missing',
    args: onboard(() => path('identity.json')),
    says: 'host.identity_file',
  },
  {
    what: 'answers: YAML alias bomb',
    args: onboard(() => path('bomb.yml')),
    says: 'cannot be read as answers',
  },
  {
    what: 'answers: huge file',
    args: onboard(() => path('huge.yml')),
    says: 'an answers file is a few KiB at most',
  },
];

function hostPort(): number {
  return (host.address() as { port: number }).port;
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  seedFleet(emulator, { clinics: 2 });
  // The clinic host: any connection to it is counted, then dropped.
  host = createServer((socket) => {
    hostConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  writeFileSync(base(), JSON.stringify(answers(hostPort()), null, 2));
  variant('version-2.json', (a) => (a.version = 2));
  variant('underscore.json', (a) => (a.services[0].internal_url = 'https://rest_api.clinic9.internal'));
  variant('open-db.json', (a) => delete a.services[1].public.allow_ips);
  variant('anyone-and-list.json', (a) => (a.services[2].public.allow_anyone = true));
  variant('port-text.json', (a) => (a.host.port = '22'));
  variant('identity.json', (a) => (a.host.identity_file = path('no-such-key')));
  variant('record-too-big.json', (a) => {
    for (let i = 0; i < 30; i++) {
      const name = `s${i}-${'x'.repeat(55)}`;
      a.services.push({ name, internal_url: `https://${name}.clinic9.internal`, upstream: 9000 + i });
    }
  });
  writeFileSync(path('key'), ssh2.utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
  writeFileSync(path('bomb.yml'), aliasBomb());
  writeFileSync(path('huge.yml'), `${readFileSync(base(), 'utf8')}\n#${'x'.repeat(2 * 1024 * 1024)}\n`);
});

afterAll(async () => {
  await emulator?.close();
  host?.close();
});

/** Nine levels of nine aliases: far past the yaml library's expansion limit. */
function aliasBomb(): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 9; level++) {
    lines.push(
      `l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Every file under a directory, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The requests the emulator logged for one API key (the log masks keys as their first and last three characters). */
function requestsBy(key: string): string[] {
  const masked = `Bearer ${key.slice(0, 3)}…${key.slice(-3)}`;
  return emulator.state.requestLog
    .filter((entry) => entry.headers.authorization === masked)
    .map((entry) => `${entry.method} ${entry.path}`);
}

describe('bad input: exit 2, what to do, and nothing touched', { timeout: 120_000 }, () => {
  it('the detectors work: a valid answers file reaches the API and the host', async () => {
    const key = emulator.createApiKey();
    const before = hostConnections;
    const result = await runCli(['onboard', '--answers', base(), '--dry-run'], {
      env: { NGROK_API_KEY: key, NGROK_API_URL: emulator.url },
      timeoutMs: 110_000,
    });
    expect(result.code).toBe(1);
    expect(requestsBy(key).length).toBeGreaterThan(0);
    expect(hostConnections).toBeGreaterThan(before);
  });

  it.concurrent.each(cases)('$what', async ({ args, env, says, ownHome }) => {
    const key = emulator.createApiKey();
    const home = freshStateDir();
    const connectionsBefore = hostConnections;
    const result = await runCli(args(), {
      env: { NGROK_API_KEY: key, NGROK_API_URL: emulator.url, CLINIC_TUI_HOME: home, ...env?.() },
      timeoutMs: 110_000,
    });
    expect(result.stderr).toContain(says);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/\n\s+at .*\(/);
    expect(result.stderr).not.toContain('hit a bug');
    for (const secret of [key, 'secretpart', 'secretpärt', 'hunter2']) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    expect(requestsBy(key)).toEqual([]);
    if (!ownHome) expect(filesUnder(home)).toEqual([]);
    // Other cases run alongside, but none of them may connect either: the counter only ever stays put.
    expect(hostConnections).toBe(connectionsBefore);
  });
});
