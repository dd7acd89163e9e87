import { ExternalError } from '../errors.js';
import { shellQuote } from './shell.js';

/**
 * The init systems clinic-tui reads the ngrok service from. `ngrok service` only installs, starts, stops, restarts
 * and uninstalls (https://ngrok.com/docs/agent/cli/#ngrok-service); whether the service is installed, runs, and
 * which config it was installed with is the init system's to say.
 */
export type InitKind = 'systemd' | 'openrc' | 'sysv' | 'launchd';

/** The ngrok service as the host's init system sees it. */
export interface InstalledService {
  state: 'running' | 'stopped' | 'not-installed';
  /** The unit file, init script or plist that `ngrok service install` wrote. */
  definitionPath?: string;
  /** The --config fixed into that definition at install time; undefined when it names none. */
  configPath?: string;
  /** Log files the definition names for the agent's output (OpenRC's output_log, and the like). */
  logFiles: string[];
}

/** The error for a host whose init system clinic-tui cannot read. */
export function unknownInitSystem(): ExternalError {
  return new ExternalError(
    'no init system clinic-tui knows: no systemd (/run/systemd/system), OpenRC (rc-service), SysV (/etc/init.d) or launchd (launchctl) on the host',
    'ngrok runs as a service under systemd, OpenRC, SysV init or launchd (https://ngrok.com/docs/agent/#background-service); use such a host.',
  );
}

/**
 * The shell script that reports the service's state and definition, for parseInspection: `state=…`, then (when
 * installed) `path=…` and the definition itself.
 */
export function inspectServiceScript(facts: { init: InitKind | 'none'; rcServicePath?: string }): string {
  const tail = 'echo "path=$f"; cat "$f"';
  switch (facts.init) {
    // ngrok "creates a systemd unit file" (https://ngrok.com/docs/agent/#background-service), ngrok.service under
    // /etc/systemd/system; `systemctl is-active` exits 0 only when active
    // (https://www.freedesktop.org/software/systemd/man/latest/systemctl.html).
    case 'systemd':
      return [
        'f=/etc/systemd/system/ngrok.service',
        'if [ ! -f "$f" ]; then echo state=not-installed; exit 0; fi',
        'if systemctl is-active --quiet ngrok.service; then echo state=running; else echo state=stopped; fi',
        tail,
      ].join('\n');
    // rc-service(8) (https://man.archlinux.org/man/rc-service.8): --resolve names the script; `status` exits 0
    // only when started.
    case 'openrc': {
      const rc = shellQuote(facts.rcServicePath ?? 'rc-service');
      return [
        `f=$(${rc} --resolve ngrok 2>/dev/null)`,
        'if [ -z "$f" ] || [ ! -f "$f" ]; then echo state=not-installed; exit 0; fi',
        `if ${rc} ngrok status >/dev/null 2>&1; then echo state=running; else echo state=stopped; fi`,
        tail,
      ].join('\n');
    }
    // LSB init scripts: `status` exits 0 when running and non-zero otherwise
    // (https://refspecs.linuxfoundation.org/LSB_3.0.0/LSB-PDA/LSB-PDA/iniscrptact.html).
    case 'sysv':
      return [
        'f=/etc/init.d/ngrok',
        'if [ ! -f "$f" ]; then echo state=not-installed; exit 0; fi',
        'if "$f" status >/dev/null 2>&1; then echo state=running; else echo state=stopped; fi',
        tail,
      ].join('\n');
    // launchctl(1) `list` prints PID, status and label; a "-" PID means loaded but not running.
    case 'launchd':
      return [
        'f=/Library/LaunchDaemons/ngrok.plist',
        'if [ ! -f "$f" ]; then echo state=not-installed; exit 0; fi',
        `pid=$(launchctl list | awk '$3 == "ngrok" { print $1 }')`,
        'if [ -n "$pid" ] && [ "$pid" != "-" ]; then echo state=running; else echo state=stopped; fi',
        tail,
      ].join('\n');
    default:
      throw unknownInitSystem();
  }
}

/** Reads inspectServiceScript's output; undefined when it is not what the script prints. */
export function parseInspection(kind: InitKind, output: string): InstalledService | undefined {
  const [first = '', second = '', ...rest] = output.split('\n');
  const state = first.replace(/^state=/, '').trim();
  if (state === 'not-installed') return { state, logFiles: [] };
  if ((state !== 'running' && state !== 'stopped') || !second.startsWith('path=')) return undefined;
  const definition = rest.join('\n');
  const configPath = installedConfigPath(kind, definition);
  return {
    state,
    definitionPath: second.slice('path='.length),
    ...(configPath ? { configPath } : {}),
    logFiles: namedLogFiles(kind, definition),
  };
}

/**
 * The --config an installed definition starts the agent with. Only the lines that start the agent count: ExecStart=
 * of a unit (systemd.service(5) allows each argument double-quoted), the uncommented lines of an init script, the
 * ProgramArguments strings of a plist. Accepts `--config PATH`, `--config=PATH`, and quoted forms.
 */
export function installedConfigPath(kind: InitKind, definition: string): string | undefined {
  const text =
    kind === 'launchd'
      ? [...definition.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]).join(' ')
      : definition
          .split('\n')
          .filter((line) => (kind === 'systemd' ? /^\s*ExecStart=/.test(line) : !/^\s*#/.test(line)))
          .join('\n');
  const match = /--config["']?(?:=|\s+)(?:"([^"]*)"|'([^']*)'|([^\s"';]+))/.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

// openrc-run(8) (https://man.archlinux.org/man/openrc-run.8) names the daemon's output in output_log/error_log;
// SysV scripts commonly say stdout_log/stderr_log.
function namedLogFiles(kind: InitKind, definition: string): string[] {
  if (kind === 'systemd' || kind === 'launchd') return [];
  return [
    ...definition.matchAll(/^\s*(?:output_log|error_log|stdout_log|stderr_log)=["']?(\/[^"'\s]+)/gm),
  ].map((m) => m[1]!);
}
