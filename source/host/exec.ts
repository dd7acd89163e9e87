import type { Client } from 'ssh2';
import { AbortedError, ExternalError } from '../errors.js';

export interface ExecOptions {
  /** Sent on the command's stdin, then closed. Secrets travel here, never in the command line. */
  stdin?: string | Buffer;
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command on an open connection and collects its output and exit status. */
export function runExec(client: Client, command: string, opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    client.exec(command, (error, stream) => {
      if (error) {
        reject(new ExternalError(`could not run a command on the host: ${error.message}`));
        return;
      }
      let stdout = '';
      let stderr = '';
      let code: number | undefined;
      const onAbort = () => {
        stream.close();
        reject(new AbortedError());
      };
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
        opts.signal?.removeEventListener('abort', onAbort);
        if (code === undefined) {
          reject(new ExternalError('the SSH connection closed before the remote command finished'));
        } else resolve({ code, stdout, stderr });
      });
      stream.end(opts.stdin ?? '');
    });
  });
}
