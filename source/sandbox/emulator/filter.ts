import { compileListFilter, ListFilterError, type Predicate } from '../../ngrok/list-filter.js';
import { apiError } from './http.js';

export type { Predicate } from '../../ngrok/list-filter.js';

/**
 * The functions ngrok's filter page lists as supported: `size()` and the time helpers. `startsWith()`,
 * `contains()` and `endsWith()` are listed as "coming soon", so they are refused like any other unknown one
 * (https://ngrok.com/docs/api/api-filtering/ "Supported CEL (subset)").
 */
const documentedFunctions = new Set(['size', 'timestamp', 'add', 'subtract']);

/**
 * Compiles `?filter=` with the parser the client uses. An expression that calls an undocumented function, or one
 * the parser refuses, is answered as ngrok documents an invalid filter: 400 with the plain-word code
 * `invalid_cel_expression` (https://ngrok.com/docs/api/api-filtering/ "Error handling").
 */
export function compileFilter(source: string): Predicate {
  const withoutStrings = source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (const call of withoutStrings.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    const name = call[1] ?? '';
    if (!documentedFunctions.has(name))
      throw apiError(400, 'invalid_cel_expression', `Invalid CEL query: unsupported function: ${name}().`);
  }
  try {
    return compileListFilter(source);
  } catch (error) {
    if (error instanceof ListFilterError) throw apiError(400, 'invalid_cel_expression', error.message);
    throw error;
  }
}
