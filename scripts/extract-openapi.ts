/**
 * Extracts the part of ngrok's OpenAPI spec that clinic-tui uses into test/fixtures/openapi/ngrok-subset.json, so
 * the contract test runs without a copy of the spec. Keeps paths, methods, parameters, status codes and schemas
 * (property names, types, required lists); drops descriptions. Run: npx tsx scripts/extract-openapi.ts
 * path/to/ngrok.yaml (the spec from https://github.com/ngrok/ngrok-openapi).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const specPath = process.argv[2];
if (!specPath) {
  console.error('usage: npx tsx scripts/extract-openapi.ts path/to/ngrok.yaml (from ngrok/ngrok-openapi)');
  process.exit(2);
}
const source = resolve(specPath);
const output = resolve(root, 'test/fixtures/openapi/ngrok-subset.json');

/** The API paths the client calls (source/ngrok/client.ts). */
const usedPaths = [
  '/bot_users',
  '/bot_users/{id}',
  '/credentials',
  '/credentials/{id}',
  '/reserved_domains',
  '/reserved_domains/{id}',
  '/reserved_addrs',
  '/reserved_addrs/{id}',
  '/endpoints',
  '/endpoints/{id}',
  '/tunnel_sessions',
  '/tunnel_sessions/{id}',
  '/tunnel_sessions/{id}/stop',
  '/tunnel_sessions/{id}/restart',
  '/agent_ingresses',
  '/agent_ingresses/{id}',
];

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  operationId: string;
  headers: string[];
  query: Record<string, string>;
  requestSchema: string | null;
  responses: number[];
}

const spec = parse(readFileSync(source, 'utf8')) as Json;
const paths = spec.paths as Record<string, Record<string, Json>>;
const components = spec.components as { schemas: Record<string, Json>; parameters: Record<string, Json> };
const refName = (ref: unknown) => String(ref).split('/').pop() ?? '';

const wantedSchemas = new Set<string>();
const operations: Operation[] = [];
for (const path of usedPaths) {
  for (const [method, op] of Object.entries(paths[path] ?? {})) {
    const headers: string[] = [];
    const query: Record<string, string> = {};
    for (const raw of (op.parameters as Json[]) ?? []) {
      const param = raw.$ref ? (components.parameters[refName(raw.$ref)] as Json) : raw;
      const type = String((param.schema as Json | undefined)?.type ?? 'string');
      if (param.in === 'header') headers.push(String(param.name).toLowerCase());
      if (param.in === 'query') query[String(param.name)] = type;
    }
    const bodyRef = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
      'application/json'
    ] as Json | undefined;
    const requestSchema = bodyRef ? refName((bodyRef.schema as Json).$ref) : null;
    if (requestSchema) wantedSchemas.add(requestSchema);
    const responses = Object.keys((op.responses as Json) ?? {}).map(Number);
    for (const response of Object.values((op.responses as Record<string, Json>) ?? {})) {
      const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)
        ?.schema as Json | undefined;
      if (schema?.$ref) wantedSchemas.add(refName(schema.$ref));
    }
    operations.push({
      method: method.toUpperCase(),
      path,
      operationId: String(op.operationId),
      headers,
      query,
      requestSchema,
      responses,
    });
  }
}

/** A schema with descriptions stripped; nested $refs are kept by name and pulled in too. */
function strip(schema: Json): Json {
  if (schema.$ref) {
    wantedSchemas.add(refName(schema.$ref));
    return { $ref: refName(schema.$ref) };
  }
  const out: Json = { type: schema.type ?? 'object' };
  if (schema.required) out.required = schema.required;
  if (schema.items) out.items = strip(schema.items as Json);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Json>).map(([name, value]) => [name, strip(value)]),
    );
  }
  return out;
}

const schemas: Record<string, Json> = {};
for (let grew = true; grew; ) {
  grew = false;
  for (const name of [...wantedSchemas]) {
    if (schemas[name] || !components.schemas[name]) continue;
    schemas[name] = strip(components.schemas[name]);
    grew = true;
  }
}

/**
 * Documented behaviour newer than this OAS copy: /service_users mirrors /bot_users
 * (https://ngrok.com/docs/api-reference/service-users), and the lists whose filterable fields the docs name take
 * `filter` (https://ngrok.com/docs/api/api-filtering). The client also evaluates every filter itself, for servers
 * that ignore it.
 */
for (const op of operations.filter((candidate) => candidate.path.startsWith('/bot_users'))) {
  operations.push({
    ...op,
    path: op.path.replace('/bot_users', '/service_users'),
    operationId: op.operationId.replace('BotUsers', 'ServiceUsers'),
  });
}
for (const op of operations) {
  if (op.method === 'GET' && ['/credentials', '/endpoints', '/tunnel_sessions'].includes(op.path)) {
    op.query.filter = 'string';
  }
}

const fixture = {
  source: 'ngrok/ngrok-openapi @ 0719fb2 ngrok.yaml',
  generatedBy: 'scripts/extract-openapi.ts',
  supplements: [
    '/service_users mirrors /bot_users (https://ngrok.com/docs/api-reference/service-users)',
    'filter query on /credentials, /endpoints, /tunnel_sessions (https://ngrok.com/docs/api/api-filtering)',
  ],
  operations,
  schemas,
};
writeFileSync(output, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${operations.length} operations and ${Object.keys(schemas).length} schemas to ${output}`);
