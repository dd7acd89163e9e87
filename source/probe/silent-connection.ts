import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ProbeRoute } from './route.js';

/** How a connection that sent nothing ended: closed by the peer, let in (a byte, a handshake, or still open), or failed. */
export type ConnectionAnswer =
  | { kind: 'closed' }
  | { kind: 'let-in'; how: string }
  | { kind: 'error'; message: string };

/**
 * Opens one connection and sends nothing. restrict-ips closes a refused connection at once
 * (https://ngrok.com/docs/traffic-policy/actions/restrict-ips); a byte from the far side, a finished TLS handshake
 * or a connection still open after `quietMs` means the stranger was let in.
 */
export function silentConnection(
  route: ProbeRoute,
  quietMs: number,
  signal: AbortSignal,
): Promise<ConnectionAnswer> {
  return new Promise((resolve) => {
    let socket: Socket;
    let settled = false;
    const finish = (answer: ConnectionAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answer);
    };
    const onAbort = () => finish({ kind: 'error', message: 'interrupted' });
    let connected = false;
    const timer = setTimeout(
      () =>
        finish(
          connected
            ? { kind: 'let-in', how: `still open after ${quietMs / 1000} s` }
            : { kind: 'error', message: `no connection within ${quietMs / 1000} s` },
        ),
      quietMs,
    );
    if (route.tls) {
      // Nothing is sent, so the far side's certificate does not matter: any handshake at all means it answered.
      socket = tlsConnect({
        host: route.host,
        port: route.port,
        servername: route.servername,
        rejectUnauthorized: false,
      });
      socket.on('secureConnect', () => finish({ kind: 'let-in', how: 'a TLS handshake completed' }));
    } else {
      socket = netConnect({ host: route.host, port: route.port });
    }
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', () => finish({ kind: 'let-in', how: 'data arrived' }));
    socket.on('end', () =>
      finish(connected ? { kind: 'closed' } : { kind: 'error', message: 'closed before connecting' }),
    );
    socket.on('close', () =>
      finish(connected ? { kind: 'closed' } : { kind: 'error', message: 'no connection' }),
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const reset = connected && (error.code === 'ECONNRESET' || /socket disconnected/i.test(error.message));
      finish(reset ? { kind: 'closed' } : { kind: 'error', message: error.code ?? error.message });
    });
  });
}
