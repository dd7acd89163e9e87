import { compileListFilter, ListFilterError, type Predicate } from '../../ngrok/list-filter.js';
import { apiError } from './http.js';

export type { Predicate } from '../../ngrok/list-filter.js';

/**
 * Compiles `?filter=` (https://ngrok.com/docs/api/api-filtering) with the parser the client uses; a bad expression
 * is answered like ngrok answers one: 400 with the plain-word code `invalid_cel_expression`
 * (https://ngrok.com/docs/api/api-filtering#error-handling).
 */
export function compileFilter(source: string): Predicate {
  try {
    return compileListFilter(source);
  } catch (error) {
    if (error instanceof ListFilterError) throw apiError(400, 'invalid_cel_expression', error.message);
    throw error;
  }
}
