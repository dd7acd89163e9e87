import type { IncomingHttpHeaders } from 'node:http';

const headerTest = /^(!?)\s*\(?\s*hasReqHeader\(\s*(['"])([^'"]+)\2\s*\)\s*\)?$/;

/** True when the edge evaluates this expression: `hasReqHeader('Name')` or its negation, in an HTTP phase. */
export function canEvaluate(expression: string, phase: string): boolean {
  return phase === 'on_http_request' && headerTest.test(expression.trim());
}

/**
 * Evaluates `hasReqHeader('Name')` / `!hasReqHeader('Name')` (https://ngrok.com/docs/traffic-policy/macros#hasreqheader).
 * The page asks for header keys in canonical form, as the product writes them; HTTP header names are case
 * insensitive, so the lookup ignores case. Call only when canEvaluate is true.
 */
export function evaluateExpression(expression: string, headers: IncomingHttpHeaders): boolean {
  const match = headerTest.exec(expression.trim());
  if (!match) throw new Error(`expression not evaluated by the sandbox edge: ${expression}`);
  const present = headers[(match[3] ?? '').toLowerCase()] !== undefined;
  return match[1] === '!' ? !present : present;
}
