import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry } from '../../source/sandbox/emulator/state.js';
import { projectRoot } from './cli.js';

/**
 * The OpenAPI subset check (scripts/extract-openapi.ts) for requests the emulator logged and for the bodies it
 * answers with, shared by the contract test and the sweep of valid answers files.
 */
interface Schema {
  type?: string;
  $ref?: string;
  required?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  query: Record<string, string>;
  requestSchema: string | null;
  responses: number[];
}
/** The OpenAPI subset: its operations and its schemas. */
export const openApiSubset = JSON.parse(
  readFileSync(join(projectRoot, 'test/fixtures/openapi/ngrok-subset.json'), 'utf8'),
) as { operations: Operation[]; schemas: Record<string, Schema> };

/** The spec's operation for a method and a concrete path (`/credentials/cr_1` matches `/credentials/{id}`). */
export function findOperation(method: string, path: string): Operation | undefined {
  return openApiSubset.operations.find(
    (op) => op.method === method && new RegExp(`^${op.path.replace(/\{[a-z_]+\}/g, '[^/]+')}$`).test(path),
  );
}

/** Type-checks a JSON value against a schema; unknown object fields are errors (the API would not know them). */
export function conform(value: unknown, schema: Schema, at: string, errors: string[]): void {
  const resolved = schema.$ref ? openApiSubset.schemas[schema.$ref] : schema;
  if (!resolved) return void errors.push(`${at}: unknown schema ${schema.$ref}`);
  if (value === null) return; // ngrok's OAS marks nothing nullable, yet returns null (e.g. credential.token).
  const type = resolved.type ?? 'object';
  if (type === 'string' && typeof value !== 'string') errors.push(`${at}: want string, got ${typeof value}`);
  if (type === 'boolean' && typeof value !== 'boolean')
    errors.push(`${at}: want boolean, got ${typeof value}`);
  if (type === 'integer' && !Number.isInteger(value)) errors.push(`${at}: want integer`);
  if (type === 'array') {
    if (!Array.isArray(value)) return void errors.push(`${at}: want array`);
    value.forEach((item, index) => {
      if (resolved.items) conform(item, resolved.items, `${at}[${index}]`, errors);
    });
  }
  if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${at}: want object`);
    const record = value as Record<string, unknown>;
    for (const field of resolved.required ?? [])
      if (!(field in record)) errors.push(`${at}.${field}: required`);
    if (!resolved.properties) return;
    for (const [field, fieldValue] of Object.entries(record)) {
      const fieldSchema = resolved.properties[field];
      if (!fieldSchema) errors.push(`${at}.${field}: not in the spec`);
      else conform(fieldValue, fieldSchema, `${at}.${field}`, errors);
    }
  }
}

/** Every way one logged API request breaks the OpenAPI contract, as readable lines (none when it conforms). */
export function contractViolations(entry: RequestLogEntry): string[] {
  if (entry.path.startsWith('/_sandbox')) return [];
  const op = findOperation(entry.method, entry.path);
  if (!op) return [`${entry.method} ${entry.path}: no such operation in the spec`];
  const errors: string[] = [];
  const where = op.operationId;
  if (entry.headers['ngrok-version'] !== '2') errors.push(`${where}: Ngrok-Version must be 2`);
  if (!/^Bearer \S+$/.test(entry.headers.authorization ?? '')) errors.push(`${where}: bearer auth missing`);
  for (const [name, value] of Object.entries(entry.query)) {
    if (!op.query[name]) errors.push(`${where}: query ${name} not in the spec`);
    else if (name === 'limit' && !/^\d+$/.test(value)) errors.push(`${where}: limit must be a number string`);
  }
  if (entry.body !== undefined) {
    if (!op.requestSchema) errors.push(`${where}: sends a body the spec does not take`);
    else conform(entry.body, { $ref: op.requestSchema }, where, errors);
    if (!entry.headers['content-type']?.startsWith('application/json'))
      errors.push(`${where}: content-type not JSON`);
  }
  if (entry.status !== undefined && entry.status < 300 && !op.responses.includes(entry.status)) {
    errors.push(`${where}: answered ${entry.status}, spec says ${op.responses.join('/')}`);
  }
  return errors;
}
