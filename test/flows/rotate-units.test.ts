import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readHostConfig, replaceAuthtoken } from '../../flows/rotate/agent-config.js';
import { parseAge } from '../../flows/rotate/duration.js';
import { rotationPreview } from '../../flows/rotate/preview.js';
import { type Serving, sessionsServingAll, urlsMissing } from '../../flows/rotate/serving.js';
import type { RotateCtx } from '../../flows/rotate/types.js';
import { UserError } from '../../source/errors.js';

const config = `# pushed by clinic-tui
version: 3
agent:
  authtoken: OLD_TOKEN_aaaaaaaaaaaa
  metadata: '{"clinic":"clinic1"}'
endpoints:
  - name: rest-api
    url: https://rest-api.clinic1.internal
    upstream: {url: 'http://localhost:8080'}
    pooling_enabled: true
  - name: operations-db
    url: tcp://operations-database.clinic1.internal:1433
    upstream: {url: '1433'}
    pooling_enabled: true
`;

describe('the host config during rotation', () => {
  it('swaps only the authtoken and keeps comments and every other value', () => {
    const next = replaceAuthtoken(config, '/etc/ngrok/ngrok.yml', 'NEW_TOKEN_bbbbbbbbbbbb');
    expect(next).not.toContain('OLD_TOKEN');
    expect(next).toContain('# pushed by clinic-tui');
    const before = parse(config);
    before.agent.authtoken = 'NEW_TOKEN_bbbbbbbbbbbb';
    expect(parse(next)).toEqual(before);
  });

  it('reads the endpoint urls and pooling', () => {
    expect(readHostConfig(config, 'p')).toEqual({
      endpointUrls: ['https://rest-api.clinic1.internal', 'tcp://operations-database.clinic1.internal:1433'],
      pooled: true,
    });
    const unpooled = config.replace(
      'pooling_enabled: true\n  - name: operations-db',
      'description: x\n  - name: y',
    );
    expect(readHostConfig(unpooled, 'p').pooled).toBe(false);
  });

  it('refuses a config with no endpoints or no token', () => {
    expect(() => readHostConfig('version: 3\nagent: {authtoken: x}\n', 'p')).toThrow(/no endpoints/);
    expect(() => replaceAuthtoken('version: 3\nendpoints: []\n', 'p', 't')).toThrow(/no agent.authtoken/);
  });
});

describe('--older-than', () => {
  it.each([
    ['90d', 90 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['2w', 14 * 86_400_000],
    ['30m', 30 * 60_000],
  ])('%s', (text, ms) => expect(parseAge(text)).toBe(ms));

  it.each(['90', 'd', '-1d', '1y', ''])('refuses %j', (text) =>
    expect(() => parseAge(text)).toThrow(UserError),
  );
});

describe('who serves the clinic', () => {
  const serving: Serving = {
    byUrl: new Map([
      [
        'a',
        [
          { session: 'ts_old', credential: 'cr_old' },
          { session: 'ts_new', credential: 'cr_new' },
        ],
      ],
      ['b', [{ session: 'ts_old', credential: 'cr_old' }]],
    ]),
  };

  it('a credential serves the clinic only when one session serves every url', () => {
    expect(sessionsServingAll(serving, 'cr_old')).toEqual(['ts_old']);
    expect(sessionsServingAll(serving, 'cr_new')).toEqual([]);
    expect(urlsMissing(serving, 'cr_new')).toEqual(['b']);
  });
});

describe('what the rotation screen is handed', () => {
  it('is plain data: each host as text, the credential, the generation, the endpoints; no connection, no token', () => {
    const remote = { close: async () => undefined };
    const ctx = {
      clinic: 'clinic1',
      hosts: [
        {
          spec: { address: '10.20.0.5', port: 22, user: 'technician', config_path: '/etc/ngrok/ngrok.yml' },
          configPath: '/etc/ngrok/ngrok.yml',
          remote,
          oldConfig: config,
        },
        {
          spec: {
            address: 'standby.clinic1.lan',
            port: 2222,
            user: 'ops',
            config_path: '/opt/ngrok/ngrok.yml',
          },
          configPath: '/opt/ngrok/ngrok.yml',
          remote,
          oldConfig: config,
        },
      ],
      config: readHostConfig(config, '/etc/ngrok/ngrok.yml'),
      oldCredential: { id: 'cr_old' },
      generation: 3,
    } as unknown as RotateCtx;
    const preview = rotationPreview(ctx);
    expect(preview).toEqual({
      clinic: 'clinic1',
      hosts: [
        'technician@10.20.0.5:/etc/ngrok/ngrok.yml',
        'ops@standby.clinic1.lan:2222:/opt/ngrok/ngrok.yml',
      ],
      credentialId: 'cr_old',
      generation: 3,
      endpointCount: 2,
      pooled: true,
    });
    expect(JSON.stringify(preview)).not.toMatch(/TOKEN/);
  });
});
