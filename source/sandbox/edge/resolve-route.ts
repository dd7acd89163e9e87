import type { ServerResponse } from 'node:http';
import { sendJson } from '../emulator/http.js';
import type { Edge } from './edge.js';

/**
 * `GET /_sandbox/edge/resolve?url=<public URL>` (a sandbox route, not ngrok's API): 200 with where to connect to
 * reach the cloud endpoint, or 404 when no cloud endpoint has that URL.
 */
export async function answerResolve(edge: Edge, query: URLSearchParams, res: ServerResponse): Promise<void> {
  const url = query.get('url') ?? '';
  const route = url === '' ? undefined : await edge.resolve(url);
  if (!route) {
    sendJson(res, 404, {
      msg: url === '' ? 'Pass the public URL as ?url=.' : `No cloud endpoint has the URL ${url}.`,
    });
    return;
  }
  sendJson(res, 200, {
    host: route.host,
    port: route.port,
    tls: route.tls,
    servername: route.servername,
    source_address: route.sourceAddress,
    not_evaluated: route.notEvaluated,
  });
}
