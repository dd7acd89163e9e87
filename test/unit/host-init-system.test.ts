import { describe, expect, it } from 'vitest';
import { installedConfigPath, parseInspection } from '../../source/host/init-system.js';
import { configFromDefinition, renderDefinition } from '../../source/sandbox/agent/init-files.js';

describe('the --config an installed ngrok service runs', () => {
  it.each([
    [
      'systemd',
      'ExecStart=/usr/local/bin/ngrok "start" "--all" "--config" "/etc/ngrok.yml"',
      '/etc/ngrok.yml',
    ],
    ['systemd', 'ExecStart=/usr/bin/ngrok start --all --config=/etc/ngrok/ngrok.yml', '/etc/ngrok/ngrok.yml'],
    [
      'systemd',
      'ExecStart=/usr/bin/ngrok start --all --config "/srv/my clinic/ngrok.yml"',
      '/srv/my clinic/ngrok.yml',
    ],
    [
      'sysv',
      '# cmd="ngrok --config /old.yml"\ncmd="/usr/bin/ngrok start --all --config /etc/ngrok.yml"',
      '/etc/ngrok.yml',
    ],
    ['openrc', "command_args='start --all --config /etc/ngrok/ngrok.yml'", '/etc/ngrok/ngrok.yml'],
    [
      'launchd',
      '<array><string>/opt/homebrew/bin/ngrok</string><string>--config</string><string>/etc/ngrok.yml</string></array>',
      '/etc/ngrok.yml',
    ],
  ] as const)('%s: %s', (kind, definition, expected) => {
    expect(installedConfigPath(kind, definition)).toBe(expected);
  });

  it('a unit that mentions --config outside ExecStart names no config', () => {
    expect(
      installedConfigPath(
        'systemd',
        '# installed with --config /etc/x.yml\nExecStart=/usr/bin/ngrok start --all',
      ),
    ).toBeUndefined();
  });

  it.each(['systemd', 'sysv', 'openrc'] as const)(
    'reads back what the simulated agent installs on %s',
    (init) => {
      const env = { connectUrl: '', home: '/h', init, serviceRoot: '/r', self: '/usr/local/bin/ngrok' };
      for (const path of ['/etc/ngrok/ngrok.yml', '/srv/ngrok agent/clinic.yaml']) {
        const definition = renderDefinition(env, path)!;
        expect(installedConfigPath(init, definition.text)).toBe(path);
        expect(configFromDefinition(definition.text)).toBe(path);
      }
    },
  );

  it('parses the inspection script output: state, definition path, config, named logs', () => {
    const output = [
      'state=stopped',
      'path=/etc/init.d/ngrok',
      "command_args='start --all --config /etc/ngrok.yml'",
      "output_log='/var/log/ngrok.log'",
    ].join('\n');
    expect(parseInspection('openrc', output)).toEqual({
      state: 'stopped',
      definitionPath: '/etc/init.d/ngrok',
      configPath: '/etc/ngrok.yml',
      logFiles: ['/var/log/ngrok.log'],
    });
    expect(parseInspection('systemd', 'state=not-installed\n')).toEqual({
      state: 'not-installed',
      logFiles: [],
    });
    expect(parseInspection('systemd', 'Failed to connect to bus\n')).toBeUndefined();
  });
});
