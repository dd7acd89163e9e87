import { apiError } from './http.js';

type FieldType = 'string' | 'boolean' | 'string[]' | 'object' | 'object[]';

/** The fields a request body may carry, with their JSON types (from OAS `*Create`/`*Update` schemas). */
export type BodySpec = Record<string, FieldType>;

/**
 * Checks a JSON body against its spec like a strict API: unknown fields and wrong types are rejected with 400, so
 * our own client cannot drift into sending junk. Real ngrok's handling of unknown fields is unconfirmed; its error
 * reference has ERR_NGROK_801 ("request payload is not valid") and ERR_NGROK_215 (invalid parameter value).
 */
export function checkBody(body: unknown, spec: BodySpec, required: string[] = []): Record<string, unknown> {
  if (body === undefined) body = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw apiError(
      400,
      'ERR_NGROK_801',
      'The request payload you specified is not valid: expected a JSON object.',
    );
  }
  const record = body as Record<string, unknown>;
  for (const [field, value] of Object.entries(record)) {
    const type = spec[field];
    if (!type) {
      throw apiError(
        400,
        'ERR_NGROK_801',
        `The request payload you specified is not valid: unknown field "${field}".`,
      );
    }
    if (value !== null && !hasType(value, type)) {
      throw apiError(
        400,
        'ERR_NGROK_215',
        `The value provided for the request parameter ${field} is invalid: want ${type}.`,
      );
    }
  }
  for (const field of required) {
    if (record[field] === undefined || record[field] === null || record[field] === '') {
      throw apiError(400, 'ERR_NGROK_215', `The request parameter ${field} is required.`);
    }
  }
  checkLengths(record);
  return record;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'object[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null);
  }
}

/**
 * description ≤ 255 bytes and metadata ≤ 4096 bytes (https://ngrok.com/docs/api-reference/credentials/create);
 * ERR_NGROK_100 is "Invalid metadata length".
 */
function checkLengths(record: Record<string, unknown>): void {
  const { description, metadata } = record;
  if (typeof description === 'string' && Buffer.byteLength(description) > 255) {
    throw apiError(400, 'ERR_NGROK_215', 'The description is longer than 255 bytes.');
  }
  if (typeof metadata === 'string' && Buffer.byteLength(metadata) > 4096) {
    throw apiError(400, 'ERR_NGROK_100', 'Invalid metadata length: at most 4096 bytes.');
  }
}

/** Copies the fields present in a PATCH body onto a stored object. */
export function applyPatch(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(patch)) if (value !== undefined) target[field] = value;
}
