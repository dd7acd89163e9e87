import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import { scriptOf } from '../../host/shell.js';
import type { SimInit } from '../agent/env.js';
import { generateKey, type SandboxKey, writePrivateKey } from './keys.js';
import { mapCommandPaths } from './paths.js';
import { writeSandboxShims } from './shims.js';
import { startStandInServices } from './stand-in-services.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { Server } = ssh2;

/** A running sandbox clinic host. */
export interface SandboxHost {
  port: number;
  /** The login name it accepts. */
  user: string;
  hostKeyFingerprint: string;
  /** A known_hosts line for [127.0.0.1]:port. */
  hostPublicKey: string;
  /** The private key it accepts (0600 file), for the demo and tests. */
  clientKeyPath: string;
  root: string;
  /** The init system the host presents (and the simulated agent installs its service into). */
  init: SimInit;
  /** Ports of the stand-in clinic services on 127.0.0.1, which the simulated agent forwards its endpoints to. */
  services: { http: number; tcp: number };
  /** Every argv the host's `sudo` and `ngrok` saw, one line each. */
  argvLog(): string[];
  close(): Promise<void>;
}

/** How to start a sandbox host. */
export interface SandboxHostOptions {
  connectUrl: string;
  root?: string;
  user?: string;
  /**
   * The init system it presents: systemd (the default, as ngrok's docs describe Linux hosts), SysV, OpenRC, or
   * none at all.
   */
  init?: SimInit;
}

/**
 * Starts an SSH server on 127.0.0.1 that accepts one generated client key and runs each exec through a real
 * /bin/sh whose PATH starts with the sandbox shims (`sudo`, the simulated `ngrok`, the init system's commands),
 * with /etc, /var, /opt, /srv and /run paths mapped under a temp root; and stand-ins for the clinic's services (an
 * HTTP API and a TCP echo), which the simulated agent dials for every endpoint it serves.
 */
export async function startSandboxHost(options: SandboxHostOptions): Promise<SandboxHost> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'clinic-sandbox-host-'));
  const user = options.user ?? 'technician';
  const init = options.init ?? 'systemd';
  const home = join(root, 'home', user);
  mkdirSync(home, { recursive: true });
  const services = await startStandInServices();
  const { binDir, argvLogPath } = writeSandboxShims(root, options.connectUrl, init, {
    http: `127.0.0.1:${services.http}`,
    tcp: `127.0.0.1:${services.tcp}`,
  });
  const hostKey = generateKey('clinic-tui sandbox host');
  const clientKey = generateKey('clinic-tui sandbox client');
  const clientKeyPath = join(root, 'client_ed25519');
  writePrivateKey(clientKeyPath, clientKey);
  const env = {
    PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    USER: user,
    LOGNAME: user,
    LANG: 'C',
  };

  const server = new Server({ hostKeys: [hostKey.privateKey] }, (client) =>
    serveClient(client, { user, clientKey, root, env }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    port,
    user,
    hostKeyFingerprint: hostKey.fingerprint,
    hostPublicKey: `[127.0.0.1]:${port} ${hostKey.publicLine}`,
    clientKeyPath,
    root,
    init,
    services: { http: services.http, tcp: services.tcp },
    argvLog: () => readLines(argvLogPath),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopSimulatedService(root);
      await services.close();
      if (!options.root) rmSync(root, { recursive: true, force: true });
    },
  };
}

interface ServeContext {
  user: string;
  clientKey: SandboxKey;
  root: string;
  env: Record<string, string>;
}

function serveClient(client: Connection, context: ServeContext): void {
  client.on('error', () => {
    // A client that drops mid-session is normal (tests kill connections on purpose).
  });
  client.on('authentication', (ctx) => {
    const expected = context.clientKey.publicKey;
    const keyMatches =
      ctx.method === 'publickey' &&
      ctx.username === context.user &&
      ctx.key.algo === expected.type &&
      ctx.key.data.equals(expected.getPublicSSH());
    if (!keyMatches) return ctx.reject(['publickey']);
    if (ctx.signature && ctx.blob && !expected.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) {
      return ctx.reject(['publickey']);
    }
    ctx.accept();
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('exec', (accept, _reject, info) => runCommand(accept(), info.command, context));
    });
  });
}

function runCommand(channel: ServerChannel, command: string, context: ServeContext): void {
  // clinic-tui sends its scripts encoded for any login shell; the paths to map are in the script.
  const script = scriptOf(command) ?? command;
  const child = spawn('/bin/sh', ['-c', mapCommandPaths(script, context.root)], {
    cwd: context.env.HOME,
    env: context.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  channel.pipe(child.stdin);
  child.stdin.on('error', () => {});
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  // A dropped connection is a hang-up, as sshd would deliver it.
  channel.on('close', () => child.exitCode === null && child.kill('SIGHUP'));
  child.on('close', (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 1);
    channel.end();
  });
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return [];
  }
}

/**
 * The simulated service daemon runs detached; end it with the host so no agent outlives a test or the demo, and wait
 * until it has gone (it writes its log to the very folder the host removes next). One that ignores SIGTERM for 2 s
 * is killed; after 3 s the host stops waiting.
 */
async function stopSimulatedService(root: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(root, 'var', 'lib', 'ngrok-sim', 'ngrok.pid'), 'utf8'));
    if (!(pid > 0)) return;
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // No daemon was started, or it has already exited.
  }
  for (let waited = 0; isRunning(pid) && waited < 3000; waited += 20) {
    if (waited === 2000) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return; // It exited (and was reaped) just now.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True while `pid` runs; an exited process nobody has reaped yet (a zombie, state Z in /proc) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
