import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answersJsonSchema } from '../../source/spec/json-schema.js';
import { validateSpec } from '../../source/spec/load.js';

// The published schema must accept exactly the values clinic-tui accepts wherever a JSON Schema keyword can say it:
// an editor marking `user: Technician` wrong, or passing `domain: Clinic-Network.com`, would mislead. No JSON Schema
// validator is a dependency, so each field's string keywords (pattern, allOf patterns, lengths, enum) are applied
// here as a validator applies them: ECMA-262 regular expressions with the u flag.

interface SchemaNode {
  type?: string;
  pattern?: string;
  allOf?: SchemaNode[];
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

const schema = answersJsonSchema() as SchemaNode;
const example = readFileSync('assets/examples/clinic1.yml', 'utf8');

/** The schema of one field: through properties for keys, items for list indexes. */
function nodeAt(path: (string | number)[]): SchemaNode {
  let node = schema;
  for (const key of path) {
    const next = typeof key === 'number' ? node.items : node.properties?.[key];
    if (!next) throw new Error(`the schema has no ${path.join('.')}`);
    node = next;
  }
  return node;
}

/** What a JSON Schema validator answers for a string at this node. */
function schemaAccepts(node: SchemaNode, value: string): boolean {
  const patterns = [node.pattern, ...(node.allOf ?? []).map((part) => part.pattern)].filter(
    (pattern): pattern is string => pattern !== undefined,
  );
  const length = [...value].length;
  return (
    node.type === 'string' &&
    patterns.every((pattern) => new RegExp(pattern, 'u').test(value)) &&
    length >= (node.minLength ?? 0) &&
    length <= (node.maxLength ?? Number.POSITIVE_INFINITY) &&
    (node.enum === undefined || node.enum.includes(value))
  );
}

/** What clinic-tui answers: no issue at this field when the guide clinic has this value there. */
function cliAccepts(path: (string | number)[], value: string): boolean {
  const answers = parse(example);
  let parent = answers;
  for (const key of path.slice(0, -1)) parent = parent[key];
  parent[path.at(-1)!] = value;
  const result = validateSpec(answers);
  const where = path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`))
    .join('')
    .slice(1);
  return !('issues' in result && result.issues.some((issue) => issue.path === where));
}

const fields: [(string | number)[], string[]][] = [
  [
    ['host', 'user'],
    [
      'technician',
      'Technician',
      'ADMIN',
      '_svc',
      'svc$',
      'tech.1',
      '1tech',
      'tech nician',
      ' technician',
      'u'.repeat(65),
    ],
  ],
  [
    ['network', 'domain'],
    [
      'clinic-network.com',
      'a.b.example.org',
      'Clinic-Network.com',
      'https://clinic-network.com',
      'clinic-network.com ',
      'localhost',
      '-x.com',
      `${'a'.repeat(64)}.com`,
    ],
  ],
  [
    ['clinic', 'id'],
    ['clinic1', 'c', 'Clinic1', 'clinic1 ', '-clinic', 'clinic_1', 'a'.repeat(41)],
  ],
  [
    ['services', 0, 'name'],
    ['rest-api', 'Rest-api', ' rest-api', 'rest-', 'r'.repeat(64)],
  ],
  [
    ['host', 'config_path'],
    [
      '/etc/ngrok/ngrok.yml',
      '/opt/n.yaml',
      '/etc/../x.yml',
      ' /etc/ngrok/ngrok.yml',
      'etc/ngrok.yml',
      '/etc/ngrok/',
    ],
  ],
  [
    ['host', 'host_key'],
    [`SHA256:${'a'.repeat(43)}`, `SHA256:${'a'.repeat(43)}=`, 'SHA256:short', 'MD5:aa'],
  ],
  [
    ['agent', 'connect_url'],
    ['connect.example.com:443', 'Connect.example.com:443', ' connect.example.com:443'],
  ],
  [
    ['services', 0, 'public', 'require_header'],
    ['example-token', 'X_Token', 'x token', ' x', '-x'],
  ],
  [
    ['network', 'region'],
    ['us', 'eu', ' us', 'xx'],
  ],
  [
    ['clinic', 'name'],
    ['Clinic 1', '', 'n'.repeat(200), 'n'.repeat(201)],
  ],
];

describe('the published JSON Schema accepts what clinic-tui accepts', () => {
  it.each(fields)('%j', (path, values) => {
    const node = nodeAt(path);
    const verdicts = values.map((value) => ({ value, schema: schemaAccepts(node, value) }));
    expect(verdicts).toEqual(values.map((value) => ({ value, schema: cliAccepts(path, value) })));
    // Each field's list has values on both sides, so the comparison says something.
    expect(new Set(verdicts.map((verdict) => verdict.schema)).size).toBe(2);
  });

  it('carries the login name in any case and the domain as a pattern', () => {
    expect(schemaAccepts(nodeAt(['host', 'user']), 'Technician')).toBe(true);
    expect(schemaAccepts(nodeAt(['network', 'domain']), 'Clinic-Network.com')).toBe(false);
  });
});
