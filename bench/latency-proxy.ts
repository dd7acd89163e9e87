import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RequestSpan } from '../test/helpers/round-trips.js';

/** One API request that went through the proxy, timed on this process's clock (ms). */
export interface ProxiedRequest extends RequestSpan {
  method: string;
  path: string;
}

/** A local HTTP proxy in front of the emulator that holds every answer back by `latencyMs` and logs each request. */
export interface LatencyProxy {
  url: string;
  latencyMs: number;
  /** Requests since the last `take()`. */
  take(): ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the proxy. The latency is added once the upstream answer is in, as a slow network would add it, so a
 * client that reads lists one after another pays it once per request and one that reads them side by side once
 * per round.
 */
export async function startLatencyProxy(upstream: string, latencyMs: number): Promise<LatencyProxy> {
  const target = new URL(upstream);
  let log: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    const entry: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      start: performance.now(),
      end: Number.NaN,
    };
    log.push(entry);
    const outgoing = forward(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          setTimeout(() => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks), () => {
              entry.end = performance.now();
            });
          }, proxy.latencyMs);
        });
      },
    );
    outgoing.on('error', (error) => {
      res.writeHead(502).end(String(error));
    });
    req.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: LatencyProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    latencyMs,
    take: () => {
      const taken = log;
      log = [];
      return taken;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
