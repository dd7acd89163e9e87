import type { FilterNode, FilterOperand } from './list-filter.js';

/**
 * The fields ngrok documents as filterable, per list path (https://ngrok.com/docs/api/api-filtering/
 * "Filterable resources and fields"). Deprecated paths such as `/bot_users` take no filter there.
 */
const documentedFields: Record<string, readonly string[]> = {
  '/endpoints': [
    'id',
    'created_at',
    'description',
    'metadata',
    'principal.id',
    'type',
    'binding',
    'url',
    'pooling_enabled',
    'scheme',
    'region',
    'name',
  ],
  '/reserved_addrs': ['id', 'created_at', 'description', 'metadata', 'addr', 'region'],
  '/reserved_domains': [
    'id',
    'created_at',
    'description',
    'metadata',
    'domain',
    'region',
    'cname_target',
    'certificate.id',
    'acme_challenge_cname_target',
  ],
  '/agent_ingresses': ['id', 'created_at', 'description', 'metadata', 'domain'],
  '/tunnel_sessions': ['id', 'metadata', 'agent_version', 'ip', 'os', 'region', 'started_at', 'credential'],
  '/credentials': ['id', 'created_at', 'description', 'metadata', 'owner_id', 'acl'],
  '/service_users': ['id', 'created_at'],
};

/**
 * The `?filter=` to send for an expression on a list path: the whole expression when it uses only what ngrok
 * documents (`==`, `!=`, `in`, `!`, `&&`, `||` on documented fields; its string functions are "coming soon"),
 * else its documented `&&` conjuncts, else undefined (send no filter). Whatever is left out is evaluated on the
 * client only, which evaluates the whole expression anyway.
 */
export function sentFilter(tree: FilterNode, listPath: string): string | undefined {
  const fields = documentedFields[listPath];
  if (!fields) return undefined;
  const documented = (node: FilterNode) => isDocumented(node, fields);
  if (documented(tree)) return print(tree);
  const kept = conjuncts(tree).filter(documented);
  return kept.length > 0 ? kept.map(printPart).join(' && ') : undefined;
}

function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === 'and' ? node.parts.flatMap(conjuncts) : [node];
}

function isDocumented(node: FilterNode, fields: readonly string[]): boolean {
  const operand = (value: FilterOperand) => value.kind === 'literal' || fields.includes(value.path.join('.'));
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.parts.every((part) => isDocumented(part, fields));
    case 'not':
      return isDocumented(node.inner, fields);
    case 'compare':
      return operand(node.left) && operand(node.right);
    case 'in':
      return operand(node.item) && operand(node.list);
    case 'call':
      return false;
  }
}

function printOperand(operand: FilterOperand): string {
  if (operand.kind === 'field') return ['obj', ...operand.path].join('.');
  return typeof operand.value === 'string' ? JSON.stringify(operand.value) : String(operand.value);
}

/** A node as CEL; compound parts are parenthesised so the text means exactly what the client evaluates. */
function print(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
      return node.parts.map(printPart).join(' && ');
    case 'or':
      return node.parts.map(printPart).join(' || ');
    case 'not':
      return `!(${print(node.inner)})`;
    case 'compare':
      return `${printOperand(node.left)} ${node.op} ${printOperand(node.right)}`;
    case 'in':
      return `${printOperand(node.item)} in ${printOperand(node.list)}`;
    case 'call':
      return `${printOperand(node.target)}.${node.method}(${printOperand(node.argument)})`;
  }
}

function printPart(node: FilterNode): string {
  return node.kind === 'and' || node.kind === 'or' ? `(${print(node)})` : print(node);
}
