import { writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { connectHost, type HostConnection } from '../../source/host/connect.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import type { HostPrompter } from '../../source/host/prompts.js';
import type { SimInit } from '../../source/sandbox/agent/env.js';
import { type SandboxHost, startSandboxHost } from '../../source/sandbox/host/server.js';

/** One agent session the fake agent entry point holds open. */
export interface FakeSession {
  token: string;
  body: { endpoints: { name: string; url: string }[]; agent_version: string };
  response: ServerResponse;
}

/**
 * A minimal stand-in for the emulator's agent entry point (POST /_sandbox/agent/connect): tokens in `tokens` get a
 * session (an open ndjson stream); others get 401 ERR_NGROK_300. Enough to test the simulated agent on its own.
 */
export async function startFakeAgentEndpoint(tokens: string[]) {
  const sessions: FakeSession[] = [];
  let counter = 0;
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on('end', () => {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (request.url !== '/_sandbox/agent/connect' || !tokens.includes(token)) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error_code: 'ERR_NGROK_300', status_code: 401, msg: 'authtoken not valid' }),
        );
        return;
      }
      const session: FakeSession = { token, body: JSON.parse(raw), response };
      sessions.push(session);
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write(
        `${JSON.stringify({ type: 'session', id: `ts_${++counter}`, endpoints: session.body.endpoints })}\n`,
      );
      response.on('close', () => sessions.splice(sessions.indexOf(session), 1));
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    sessions,
    /** Ends every open session with a control message, as the emulator's stop/restart/revoke do. */
    send(type: 'stop' | 'restart' | 'revoked') {
      for (const session of [...sessions]) session.response.end(`${JSON.stringify({ type })}\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts a sandbox host (presenting the given init system, systemd by default) and returns it with a helper that
 * connects to it, trusting its key via a temp known_hosts.
 */
export async function startSandboxHostFixture(connectUrl: string, init?: SimInit) {
  const host: SandboxHost = await startSandboxHost({ connectUrl, ...(init ? { init } : {}) });
  const knownHostsPath = join(host.root, 'known_hosts');
  writeFileSync(knownHostsPath, `${host.hostPublicKey}\n`);
  const connect = (prompter: HostPrompter = headlessPrompter): Promise<HostConnection> =>
    connectHost(
      { address: '127.0.0.1', port: host.port, user: host.user, identityFile: host.clientKeyPath },
      { knownHostsPath, prompter },
    );
  return { host, knownHostsPath, connect };
}

/** Polls until check() is true (or fails after timeoutMs): for effects of detached processes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
