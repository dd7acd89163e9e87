import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import { loadConfig } from './config.js';
import type { SimEnv } from './env.js';
import { type ConnectMessage, forwardConnection } from './forward.js';
import type { Logger } from './log.js';
import { simulatedVersion } from './version.js';

type StreamEnd = 'stop' | 'revoked' | 'restart' | 'closed' | 'aborted';

const firstDelayMs = 250;
const maxDelayMs = 10_000;

/**
 * The agent's life: connect to the emulator with the config's authtoken and endpoints, hold the session while the
 * stream is open, reconnect with backoff when it ends (re-reading the config after a remote `restart`), and exit on
 * `stop`, `revoked` or an error the agent cannot retry (bad token, ACL). Resolves with the exit code.
 */
export async function runAgent(
  configPath: string,
  env: SimEnv,
  log: Logger,
  signal: AbortSignal,
): Promise<number> {
  let delay = firstDelayMs;
  while (!signal.aborted) {
    const config = loadConfig(configPath);
    const outcome = await connectOnce(config, env, log, signal);
    if (outcome === 'stop' || outcome === 'aborted') return 0;
    if (outcome === 'revoked' || outcome === 'fatal') return 1;
    if (outcome === 'established' || outcome === 'restart') delay = firstDelayMs;
    if (outcome !== 'restart') {
      log('info', 'reconnecting', { delay: `${delay}ms` });
      await sleep(delay, signal);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
  return 0;
}

async function connectOnce(
  config: ReturnType<typeof loadConfig>,
  env: SimEnv,
  log: Logger,
  signal: AbortSignal,
): Promise<StreamEnd | 'established' | 'fatal' | 'retry'> {
  let response: IncomingMessage;
  try {
    response = await postJson(
      `${env.connectUrl}/_sandbox/agent/connect`,
      config.authtoken,
      JSON.stringify({
        agent_version: simulatedVersion,
        os: process.platform,
        metadata: config.metadata,
        hostname: hostname(),
        endpoints: config.endpoints.map((e) => ({
          name: e.name,
          url: e.url,
          upstream_url: e.upstreamUrl,
          pooling_enabled: e.poolingEnabled,
        })),
      }),
      signal,
    );
  } catch (error) {
    if (signal.aborted) return 'aborted';
    log('warn', 'failed to reach the ngrok service', { err: (error as Error).message });
    return 'retry';
  }
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    const body = (await readJson(response).catch(() => ({}))) as { error_code?: string; msg?: string };
    log('eror', 'session failed', {
      err: `${body.msg ?? response.statusMessage ?? status} ${body.error_code ?? ''}`.trim(),
    });
    // A taken URL frees up when the other agent leaves (e.g. our own previous process during a restart).
    return status === 409 || status >= 500 ? 'retry' : 'fatal';
  }
  const onConnect = (message: ConnectMessage) => {
    forwardConnection(message, config, env, log).catch((error: unknown) =>
      log('eror', 'failed to forward connection', { id: message.id, err: String(error) }),
    );
  };
  return readStream(response, log, signal, onConnect);
}

/**
 * POSTs the session request with node:http rather than fetch: fetch's timers wake the process every half second
 * while a response stays open, and a simulated agent holds its session open for its whole life (measured: 1.2 s
 * of CPU per 10 s per idle agent, with ten agents running at once in the test suite).
 */
function postJson(
  url: string,
  authtoken: string,
  body: string,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = {
      authorization: `Bearer ${authtoken}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    const request = send(target, { method: 'POST', headers, signal }, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

async function readJson(response: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return JSON.parse(text);
}

/**
 * Follows the session's messages: `session` (established), `connect` (a connection to carry, handed to onConnect)
 * and `stop`, `restart` or `revoked`, which end it.
 */
async function readStream(
  response: IncomingMessage,
  log: Logger,
  signal: AbortSignal,
  onConnect: (message: ConnectMessage) => void,
): Promise<StreamEnd | 'established'> {
  let established = false;
  let buffered = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const message = JSON.parse(buffered.slice(0, newline)) as Partial<ConnectMessage> & {
          type: string;
          endpoints?: { url: string }[];
        };
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (message.type === 'session') {
          established = true;
          log('info', 'started tunnel session', { id: message.id ?? '' });
          for (const endpoint of message.endpoints ?? [])
            log('info', 'started endpoint', { url: endpoint.url });
        } else if (message.type === 'connect') {
          onConnect(message as ConnectMessage);
        } else if (message.type === 'stop' || message.type === 'restart' || message.type === 'revoked') {
          log(
            message.type === 'revoked' ? 'eror' : 'info',
            `received ${message.type} from the ngrok service`,
          );
          return message.type;
        }
      }
    }
  } catch (error) {
    if (signal.aborted) return 'aborted';
    log('warn', 'session stream failed', { err: (error as Error).message });
  }
  log('warn', 'session closed');
  return established ? 'established' : 'closed';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
