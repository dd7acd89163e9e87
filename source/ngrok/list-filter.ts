/**
 * A small subset of CEL, the syntax of ngrok's list `filter`: `obj.a.b == "x"`, `!=`, `"x" in obj.list`,
 * `obj.s.contains("x")` / `.startsWith` / `.endsWith`, `&&`, `||`, `!` and parentheses.
 * Every expression a caller gives is evaluated here, on every item the client reads (source/ngrok/resources.ts).
 * What is sent as `?filter=` is only the part ngrok documents (list-filter-sent.ts): `==`, `!=`, `in`, `!`, `&&`,
 * `||` on the fields https://ngrok.com/docs/api/api-filtering/ lists for that resource, and not the string
 * functions it marks "coming soon". An expression that is all documented is sent whole; otherwise only its
 * documented `&&` conjuncts are, or no filter at all. The emulator evaluates `?filter=` with this parser too.
 */
export type Predicate = (obj: Record<string, unknown>) => boolean;

/** A filter expression outside the supported subset (ngrok's own answer would be `invalid_cel_expression`). */
export class ListFilterError extends Error {
  override readonly name = 'ListFilterError';
}

/** A field of `obj` (by path) or a literal. */
export type FilterOperand =
  | { kind: 'field'; path: string[] }
  | { kind: 'literal'; value: string | number | boolean };

/** A parsed filter expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; parts: FilterNode[] }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'compare'; op: '==' | '!='; left: FilterOperand; right: FilterOperand }
  | { kind: 'in'; item: FilterOperand; list: FilterOperand }
  | { kind: 'call'; method: StringMethod; target: FilterOperand; argument: FilterOperand };

const stringMethods = {
  contains: (a: string, b: string) => a.includes(b),
  startsWith: (a: string, b: string) => a.startsWith(b),
  endsWith: (a: string, b: string) => a.endsWith(b),
};
type StringMethod = keyof typeof stringMethods;

type Token = { kind: 'str' | 'num' | 'ident' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|&&|\|\||[!().,]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw invalid(`unexpected text at ${index}`);
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'str', text: match[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (match[2]) tokens.push({ kind: 'num', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'ident', text: match[3] });
    else tokens.push({ kind: 'op', text: match[4] ?? '' });
  }
  return tokens;
}

function invalid(why: string): ListFilterError {
  return new ListFilterError(`Invalid filter expression: ${why}`);
}

/** Parses a filter expression; throws ListFilterError outside the supported subset. */
export function parseListFilter(source: string): FilterNode {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = (text?: string): Token => {
    const token = tokens[position];
    if (!token || (text !== undefined && token.text !== text)) throw invalid(`expected ${text ?? 'more'}`);
    position++;
    return token;
  };

  const operand = (): FilterOperand => {
    const token = take();
    if (token.kind === 'str') return { kind: 'literal', value: token.text };
    if (token.kind === 'num') return { kind: 'literal', value: Number(token.text) };
    if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false'))
      return { kind: 'literal', value: token.text === 'true' };
    if (token.kind !== 'ident' || token.text !== 'obj') throw invalid(`unexpected "${token.text}"`);
    const path: string[] = [];
    while (
      peek()?.text === '.' &&
      tokens[position + 1]?.kind === 'ident' &&
      tokens[position + 2]?.text !== '('
    ) {
      take('.');
      path.push(take().text);
    }
    return { kind: 'field', path };
  };

  const comparison = (): FilterNode => {
    if (peek()?.text === '!') {
      take('!');
      return { kind: 'not', inner: primary() };
    }
    const left = operand();
    const next = peek();
    if (next?.text === '.') {
      take('.');
      const method = take().text;
      if (!Object.hasOwn(stringMethods, method)) throw invalid(`unknown method ${method}`);
      take('(');
      const argument = operand();
      take(')');
      return { kind: 'call', method: method as StringMethod, target: left, argument };
    }
    if (next?.text === '==' || next?.text === '!=') {
      const op = take().text as '==' | '!=';
      return { kind: 'compare', op, left, right: operand() };
    }
    if (next?.kind === 'ident' && next.text === 'in') {
      take();
      return { kind: 'in', item: left, list: operand() };
    }
    throw invalid('expected ==, !=, in or a method call');
  };

  const primary = (): FilterNode => {
    if (peek()?.text !== '(') return comparison();
    take('(');
    const inner = disjunction();
    take(')');
    return inner;
  };
  const chain = (kind: 'and' | 'or', op: string, part: () => FilterNode): FilterNode => {
    const parts = [part()];
    while (peek()?.text === op) {
      take(op);
      parts.push(part());
    }
    return parts.length === 1 ? (parts[0] as FilterNode) : { kind, parts };
  };
  const conjunction = () => chain('and', '&&', primary);
  const disjunction = (): FilterNode => chain('or', '||', conjunction);

  const tree = disjunction();
  if (position !== tokens.length) throw invalid(`unexpected "${tokens[position]?.text}"`);
  return tree;
}

function operandValue(operand: FilterOperand, obj: Record<string, unknown>): unknown {
  if (operand.kind === 'literal') return operand.value;
  return operand.path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], obj);
}

/** Whether an item matches a parsed expression. */
export function evaluateFilter(node: FilterNode, obj: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return node.parts.every((part) => evaluateFilter(part, obj));
    case 'or':
      return node.parts.some((part) => evaluateFilter(part, obj));
    case 'not':
      return !evaluateFilter(node.inner, obj);
    case 'compare':
      return (operandValue(node.left, obj) === operandValue(node.right, obj)) === (node.op === '==');
    case 'in': {
      const list = operandValue(node.list, obj);
      return Array.isArray(list) && list.includes(operandValue(node.item, obj));
    }
    case 'call':
      return stringMethods[node.method](
        String(operandValue(node.target, obj) ?? ''),
        String(operandValue(node.argument, obj)),
      );
  }
}

/** Compiles a filter expression into a predicate over an API object. */
export function compileListFilter(source: string): Predicate {
  const tree = parseListFilter(source);
  return (obj) => evaluateFilter(tree, obj);
}
