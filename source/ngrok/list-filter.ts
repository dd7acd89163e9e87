/**
 * A small subset of CEL, the syntax of ngrok's list `filter` (https://ngrok.com/docs/api/api-filtering):
 * `obj.a.b == "x"`, `!=`, `"x" in obj.list`, `obj.s.contains("x")` / `.startsWith` / `.endsWith`, `&&`, `||`, `!`
 * and parentheses. The client sends the filter as `?filter=`, so ngrok returns fewer pages, and also evaluates it
 * itself over each item it reads (source/ngrok/resources.ts): ngrok's OpenAPI spec has no `filter` parameter, and a
 * server that ignored it would hand back every item. The emulator shares this parser for its own `?filter=`.
 */
export type Predicate = (obj: Record<string, unknown>) => boolean;

/** A filter expression outside the supported subset (ngrok's own answer would be `invalid_cel_expression`). */
export class ListFilterError extends Error {
  override readonly name = 'ListFilterError';
}

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

/** Compiles a filter expression into a predicate over an API object. */
export function compileListFilter(source: string): Predicate {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = (text?: string): Token => {
    const token = tokens[position];
    if (!token || (text !== undefined && token.text !== text)) throw invalid(`expected ${text ?? 'more'}`);
    position++;
    return token;
  };
  type Value = (obj: Record<string, unknown>) => unknown;

  const operand = (): Value => {
    const token = take();
    if (token.kind === 'str') return () => token.text;
    if (token.kind === 'num') return () => Number(token.text);
    if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false'))
      return () => token.text === 'true';
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
    return (obj) =>
      path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], obj);
  };

  const comparison = (): Predicate => {
    if (peek()?.text === '!') {
      take('!');
      const inner = primary();
      return (obj) => !inner(obj);
    }
    const left = operand();
    const next = peek();
    if (next?.text === '.') {
      take('.');
      const method = take().text;
      take('(');
      const argument = operand();
      take(')');
      const methods: Record<string, (a: string, b: string) => boolean> = {
        contains: (a, b) => a.includes(b),
        startsWith: (a, b) => a.startsWith(b),
        endsWith: (a, b) => a.endsWith(b),
      };
      const call = methods[method];
      if (!call) throw invalid(`unknown method ${method}`);
      return (obj) => call(String(left(obj) ?? ''), String(argument(obj)));
    }
    if (next?.text === '==' || next?.text === '!=') {
      const op = take().text;
      const right = operand();
      return (obj) => (left(obj) === right(obj)) === (op === '==');
    }
    if (next?.kind === 'ident' && next.text === 'in') {
      take();
      const right = operand();
      return (obj) => {
        const list = right(obj);
        return Array.isArray(list) && list.includes(left(obj));
      };
    }
    throw invalid('expected ==, !=, in or a method call');
  };

  const primary = (): Predicate => {
    if (peek()?.text !== '(') return comparison();
    take('(');
    const inner = disjunction();
    take(')');
    return inner;
  };
  const conjunction = (): Predicate => {
    const parts = [primary()];
    while (peek()?.text === '&&') {
      take('&&');
      parts.push(primary());
    }
    return (obj) => parts.every((part) => part(obj));
  };
  const disjunction = (): Predicate => {
    const parts = [conjunction()];
    while (peek()?.text === '||') {
      take('||');
      parts.push(conjunction());
    }
    return (obj) => parts.some((part) => part(obj));
  };

  const predicate = disjunction();
  if (position !== tokens.length) throw invalid(`unexpected "${tokens[position]?.text}"`);
  return predicate;
}
