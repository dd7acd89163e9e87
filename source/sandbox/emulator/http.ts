import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An ngrok-style failure a handler throws; the server turns it into ngrok's error body (see sendError). */
export class EmulatorApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string | undefined,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Shorthand for handlers: `throw apiError(400, 'ERR_NGROK_600', '…')`. */
export function apiError(
  status: number,
  code: string | undefined,
  message: string,
  headers: Record<string, string> = {},
): EmulatorApiError {
  return new EmulatorApiError(status, code, message, headers);
}

/**
 * The HTTP status of a refusal whose error page gives none: 400 or 409, at random, so a client must go by the
 * error code (https://ngrok.com/docs/api/#errors) rather than by a status ngrok never promised.
 */
export function undocumentedStatus(pick: () => number): 400 | 409 {
  return pick() < 0.5 ? 400 : 409;
}

/**
 * 404 for an unknown id or path. ngrok's docs give no error code for a 404, so the emulator sends none; the client
 * must cope with a missing code.
 */
export function notFound(what: string): EmulatorApiError {
  return apiError(404, undefined, `${what} not found`);
}

/** A fresh operation id for error details (https://ngrok.com/docs/api/#errors). */
export function operationId(): string {
  return `op_${randomBytes(12).toString('hex')}`;
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Writes ngrok's error body: {error_code, status_code, msg, details: {operation_id}}
 * (https://ngrok.com/docs/api/#errors).
 */
export function sendError(res: ServerResponse, error: EmulatorApiError): void {
  const body: Record<string, unknown> = {
    status_code: error.statusCode,
    msg: error.message,
    details: { operation_id: operationId() },
  };
  if (error.errorCode) body.error_code = error.errorCode;
  sendJson(res, error.statusCode, body, error.headers);
}

/** Reads the whole request body as text. */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An RFC 3339 UTC timestamp without milliseconds, like ngrok's
 * (https://ngrok.com/docs/api/#timestamps-and-timezones).
 */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
