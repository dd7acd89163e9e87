import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../source/sandbox/agent/config.js';
import { agentCommandLine } from '../../source/sandbox/agent/shim.js';
import { mapCommandPaths } from '../../source/sandbox/host/paths.js';

const endpoint = { name: 'api', url: 'https://api.clinic1.internal', upstream: { url: 8080 } };
const config = (patch: Record<string, unknown> = {}) => ({
  version: '3',
  agent: { authtoken: 'tok' },
  endpoints: [endpoint],
  ...patch,
});

describe('simulated agent config check', () => {
  it('accepts a v3 config and reads what the session needs', () => {
    expect(validateConfig(config())).toMatchObject({
      authtoken: 'tok',
      endpoints: [{ name: 'api', url: 'https://api.clinic1.internal', upstreamUrl: 'http://localhost:8080' }],
    });
  });

  it.each([
    ['version 2', config({ version: 2 }), /'version'/],
    ['no authtoken', config({ agent: {} }), /agent.authtoken/],
    ['endpoints under agent', config({ agent: { authtoken: 'tok', endpoints: [] } }), /agent.endpoints/],
    [
      'tcp internal URL without a port',
      config({ endpoints: [{ ...endpoint, url: 'tcp://db.clinic1.internal' }] }),
      /must include a port/,
    ],
    [
      'missing upstream',
      config({ endpoints: [{ name: 'api', url: 'https://a.clinic1.internal' }] }),
      /upstream/,
    ],
    ['duplicate names', config({ endpoints: [endpoint, endpoint] }), /used twice/],
    [
      'public https on another port',
      config({ endpoints: [{ ...endpoint, url: 'https://a.example.com:8443' }] }),
      /port 443 only/,
    ],
  ])('rejects %s', (_name, doc, message) => {
    expect(() => validateConfig(doc)).toThrow(message);
  });
});

describe('sandbox host path mapping', () => {
  it.each([
    ["cat '/etc/ngrok/ngrok.yml'", "cat '/R/etc/ngrok/ngrok.yml'"],
    ['test -d /run/systemd/system && x=/var/log', 'test -d /R/run/systemd/system && x=/R/var/log'],
    ['ls /etcetera /usr/bin /tmp/etc', 'ls /etcetera /usr/bin /tmp/etc'],
    ['/R/etc/already', '/R/etc/already'],
  ])('%s', (command, expected) => {
    expect(mapCommandPaths(command, '/R')).toBe(expected);
  });
});

describe('simulated agent `ngrok service`', () => {
  const run = (args: string[]) => {
    const home = mkdtempSync(join(tmpdir(), 'ngrok-sim-home-'));
    try {
      return spawnSync(agentCommandLine()[0]!, [...agentCommandLine().slice(1), ...args], {
        env: { ...process.env, NGROK_SIM_HOME: home, NGROK_SIM_INIT: 'systemd', NGROK_SIM_ROOT: home },
        encoding: 'utf8',
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };

  it('has no `status` subcommand: it refuses it as ngrok refuses any unknown one', () => {
    const result = run(['service', 'status']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("must be 'start', 'stop', 'restart', 'install', or 'uninstall'");
    expect(result.stdout).toBe('');
  });
});
