import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';

/** The clinic services a sandbox host runs in place of the real ones, each on a random 127.0.0.1 port. */
export interface StandInServices {
  /** The port of the REST API stand-in (every http(s) endpoint's upstream). */
  http: number;
  /** The port of the TCP echo standing in for the databases (every tcp and tls endpoint's upstream). */
  tcp: number;
  close(): Promise<void>;
}

/**
 * Starts a small HTTP API that answers every request with 200 and JSON naming itself, the method and the path
 * (never the request's headers, so nothing a client sends is reflected), and a TCP echo.
 */
export async function startStandInServices(): Promise<StandInServices> {
  const api = createHttpServer((req, res) => {
    const body = JSON.stringify({
      service: 'clinic REST API (sandbox stand-in)',
      method: req.method,
      path: req.url,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const echoing = new Set<Socket>();
  const echo = createTcpServer({ allowHalfOpen: true }, (socket) => {
    echoing.add(socket);
    socket.on('close', () => echoing.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  const [http, tcp] = await Promise.all([listen(api), listen(echo)]);
  return {
    http,
    tcp,
    close: async () => {
      api.closeAllConnections();
      for (const socket of echoing) socket.destroy();
      await Promise.all([stop(api), stop(echo)]);
    },
  };
}

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
