import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttp } from '../../source/ngrok/http-request.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local server answering every request with `answer`; resolves its base URL. */
async function serve(answer: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(answer);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const init = () => ({ method: 'GET', headers: { accept: 'application/json' } });

describe('the API client sends its requests on node:http', () => {
  it('sends the method, headers and body, and reads a gzipped answer and its headers', async () => {
    let seen = { method: '', auth: '', length: '', body: '' };
    const base = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen = {
          method: request.method ?? '',
          auth: request.headers.authorization ?? '',
          length: request.headers['content-length'] ?? '',
          body,
        };
        response.writeHead(429, { 'content-encoding': 'gzip', 'retry-after': '7' });
        response.end(gzipSync('{"error_code":"ERR_NGROK_226"}'));
      });
    });
    const answer = await sendHttp(new URL(`${base}/credentials`), {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: '{"acl":["bind:é"]}',
      signal: AbortSignal.timeout(5000),
    });
    expect(seen).toEqual({ method: 'POST', auth: 'Bearer k', length: '19', body: '{"acl":["bind:é"]}' });
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('Retry-After')).toBe('7');
    expect(answer.headers.get('x-missing')).toBeNull();
    expect(await answer.text()).toBe('{"error_code":"ERR_NGROK_226"}');
  });

  it('rejects with the signal’s reason when the answer does not come in time, as fetch does', async () => {
    const base = await serve(() => {});
    const error = await sendHttp(new URL(base), { ...init(), signal: AbortSignal.timeout(50) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it('fails with the network code when nothing listens', async () => {
    const base = await serve(() => {});
    server!.close();
    const error = await sendHttp(new URL(base), { ...init(), signal: AbortSignal.timeout(5000) }).catch(
      (caught: unknown) => caught,
    );
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
