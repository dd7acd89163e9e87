import type { Client } from 'ssh2';
import { AbortedError, ExternalError } from '../errors.js';

export interface ExecOptions {
  /** Sent on the command's stdin, then closed. Secrets travel here, never in the command line. */
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /** What the command is for, in words fit for an error message (never a secret): `ngrok service install`. */
  purpose?: string;
  /**
   * Never abandon it on the command timeout: for commands that change the host (the service), where a command
   * abandoned but still running there could finish after we had rolled back. SSH keepalive still notices a host
   * that vanished.
   */
  untimed?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A command abandoned on the timeout. Closing its channel sends no signal, so it may still be running, and may
 * still finish, on the host.
 */
export class CommandTimeoutError extends ExternalError {}

/**
 * Runs one command on an open connection and collects its output and exit status. A command still running after
 * timeoutMs (unless opts.untimed) has its channel closed and fails, so a host that stops answering cannot hold the
 * run (and the clinic's lock) for ever.
 */
export function runExec(
  client: Client,
  command: string,
  timeoutMs: number,
  opts: ExecOptions = {},
): Promise<ExecResult> {
  const purpose = opts.purpose ?? 'a command on the host';
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    client.exec(command, (error, stream) => {
      if (error) {
        reject(new ExternalError(`could not run ${purpose}: ${error.message}`));
        return;
      }
      let stdout = '';
      let stderr = '';
      let code: number | undefined;
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      // Fails at once: a host that stopped answering would never confirm the channel's close either.
      const stop = (reason: Error) => {
        settle(() => reject(reason));
        stream.close();
      };
      const onAbort = () => stop(new AbortedError());
      const timer = opts.untimed
        ? undefined
        : setTimeout(() => stop(timedOut(purpose, timeoutMs)), timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      stream.on('exit', (exitCode: number | null, signal?: string) => {
        code = exitCode ?? (signal ? 128 : 255);
      });
      stream.on('close', () => {
        settle(() => {
          if (code === undefined) {
            reject(new ExternalError(`the SSH connection closed before ${purpose} finished`));
          } else resolve({ code, stdout, stderr });
        });
      });
      stream.end(opts.stdin ?? '');
    });
  });
}

function timedOut(purpose: string, ms: number): CommandTimeoutError {
  return new CommandTimeoutError(
    `${purpose} did not finish within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}, so clinic-tui closed its channel (the command may still finish on the host)`,
    'The host or the network stopped answering. Check the host (is it up, is its disk full?), then rerun: every step is safe to repeat.',
  );
}
