import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Edge, startEdge, type UpstreamOpener } from '../edge/edge.js';
import { answerResolve } from '../edge/resolve-route.js';
import { handleAgentConnect } from './agent-connect.js';
import { handleAgentDialBack, openAgentStream } from './agent-proxy.js';
import { type FaultSettings, Faults } from './faults.js';
import { checkGate } from './gate.js';
import { apiError, EmulatorApiError, readText, sendError, sendJson } from './http.js';
import { RateWindow } from './rate-window.js';
import { listQuery, type Route } from './router.js';
import { apiRoutes } from './routes/index.js';
import { EmulatorState, type RequestLogEntry } from './state.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** When set, only this key is accepted; otherwise any non-empty key (until createApiKey is called). */
  apiKey?: string;
  /** Requests per rolling 60 s; default 120 like ngrok's (https://ngrok.com/docs/api/#rate-limits); 0: no limit. */
  rateLimit?: number;
  /**
   * Send Retry-After with a 429 (the limit's own and injected ones). Off by default: ngrok documents 429
   * ERR_NGROK_226 without it (https://ngrok.com/docs/api/#rate-limits).
   */
  retryAfter?: boolean;
  /** Act as a self-serve plan: no custom agent connect URLs (see AccountPlan); `state.plan` can change it later. */
  selfServePlan?: boolean;
  clock?: () => number;
  /** Randomness for fault injection and open choices; injectable for deterministic tests. */
  random?: () => number;
  /** How the edge reaches an internal endpoint's upstream; default openAgentStream. Tests inject a fake. */
  openUpstream?: UpstreamOpener;
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:40123; use it as NGROK_API_URL. */
  url: string;
  state: EmulatorState;
  /** The public side of cloud endpoints: local listeners that evaluate their Traffic Policy. */
  edge: Edge;
  /** Mutable fault injection: latency, error rate per status, dropped connections. */
  faults: FaultSettings;
  /** Issues a new API key and from then on accepts only issued keys. */
  createApiKey(): string;
  /** Changes the requests-per-minute limit (0 = off). */
  setRateLimit(perMinute: number): void;
  close(): Promise<void>;
}

/** Starts the ngrok API emulator on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? Date.now;
  const state = new EmulatorState('', clock, options.random);
  if (options.apiKey) state.apiKeys.add(options.apiKey);
  if (options.selfServePlan) state.plan.customConnectUrls = false;
  const window = new RateWindow(options.rateLimit ?? 120, clock, options.retryAfter);
  const faults = new Faults(options.random ?? Math.random, options.retryAfter);
  const edge = await startEdge({
    state,
    openUpstream:
      options.openUpstream ??
      ((internalUrl, clientAddress) => openAgentStream(state, internalUrl, clientAddress)),
  });
  const server = createServer((req, res) => {
    handle(state, edge, window, faults, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { status_code: 500, msg: `emulator bug: ${String(error)}` });
    });
  });
  // Agent streams stay open for as long as the agent runs.
  server.requestTimeout = 0;
  server.on('upgrade', (req, socket, head) => handleAgentDialBack(state, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    // A taken port: the edge's listeners must not keep the process alive.
    await edge.close();
    throw error;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseUrl = url;
  return {
    url,
    state,
    edge,
    faults: faults.settings,
    createApiKey: () => {
      const key = `${randomBytes(14).toString('base64url')}_${randomBytes(24).toString('base64url')}`;
      state.apiKeys.add(key);
      return key;
    },
    setRateLimit: (perMinute) => {
      window.limit = perMinute;
    },
    close: async () => {
      faults.stop();
      for (const sessionId of [...state.channels.keys()]) state.endSession(sessionId);
      server.closeAllConnections();
      await Promise.all([edge.close(), new Promise<void>((resolve) => server.close(() => resolve()))]);
    },
  };
}

async function handle(
  state: EmulatorState,
  edge: Edge,
  window: RateWindow,
  faults: Faults,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const text = await readText(req);
  const entry = logRequest(state, req, url, text);
  res.on('finish', () => {
    entry.status = res.statusCode;
  });
  try {
    const body = parseBody(req, text);
    if (url.pathname === '/_sandbox/agent/connect' && req.method === 'POST') {
      handleAgentConnect(state, req, res, body);
      return;
    }
    if (url.pathname === '/_sandbox/edge/resolve' && req.method === 'GET') {
      await answerResolve(edge, url.searchParams, res);
      return;
    }
    if (!(await faults.apply(req, res))) {
      entry.status = 0;
      return;
    }
    checkGate(state, req, window);
    const { route, params } = findRoute(req.method ?? 'GET', url.pathname);
    checkQuery(route, url.searchParams);
    const reply = route.handle({ state, params, query: Object.fromEntries(url.searchParams), body });
    if (faults.loseAnswer(req, res)) {
      entry.status = 0;
      return;
    }
    if (reply.status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      sendJson(res, reply.status, reply.body);
    }
  } catch (error) {
    if (!(error instanceof EmulatorApiError)) throw error;
    if (error.errorCode) entry.errorCode = error.errorCode;
    if (!res.headersSent) sendError(res, error);
  }
}

function logRequest(state: EmulatorState, req: IncomingMessage, url: URL, text: string): RequestLogEntry {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
  if (headers.authorization)
    headers.authorization = headers.authorization.replace(/(\S{3})\S*(\S{3})$/, '$1…$2');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  const entry: RequestLogEntry = {
    at: state.clock(),
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
  };
  state.requestLog.push(entry);
  return entry;
}

/**
 * JSON bodies only (https://ngrok.com/docs/api/#content-types), and only where a body belongs (ERR_NGROK_211 and
 * ERR_NGROK_801 in https://ngrok.com/docs/errors/reference).
 */
function parseBody(req: IncomingMessage, text: string): unknown {
  if (text === '') return undefined;
  if (req.method === 'GET' || req.method === 'DELETE') {
    throw apiError(400, 'ERR_NGROK_211', `The ${req.method} request you made does not expect a body.`);
  }
  if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
    throw apiError(400, 'ERR_NGROK_801', 'Requests with a body must send Content-Type: application/json.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw apiError(
      400,
      'ERR_NGROK_801',
      `The request payload is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function findRoute(method: string, pathname: string): { route: Route; params: string[] } {
  let pathMatched = false;
  for (const route of apiRoutes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: match.slice(1).map(decodeURIComponent) };
  }
  if (pathMatched) throw apiError(405, undefined, `Method ${method} is not allowed on ${pathname}.`);
  throw apiError(404, undefined, `No API resource at ${pathname}.`);
}

/** Lists accept limit, before_id and filter; other calls take no query (ERR_NGROK_231 "unknown parameters"). */
function checkQuery(route: Route, params: URLSearchParams): void {
  const isList = route.method === 'GET' && !route.pattern.source.includes('(');
  const allowed = isList ? listQuery : [];
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      throw apiError(
        400,
        'ERR_NGROK_231',
        `The query includes unknown parameters: ${name}. Supported: ${allowed.join(', ')}.`,
      );
    }
  }
}
