import { type Finding, warning } from './finding.js';

/**
 * Header names in the two forms ngrok's expressions want: `hasReqHeader()` takes the canonical form
 * (https://ngrok.com/docs/traffic-policy/macros#hasreqheaderstring---bool: "Header keys must be written in canonical
 * format"), while `req.headers` is a map of lower-case names (https://ngrok.com/docs/traffic-policy/variables/req).
 */

/** The canonical form of a header name, as Go's net/textproto writes it: x-clinic-TOKEN → X-Clinic-Token. */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Warnings for header names an expression writes in a form its lookup does not use, so the check never matches. */
export function headerNameFindings(expression: string, path: string): Finding[] {
  const findings: Finding[] = [];
  for (const [, name = ''] of expression.matchAll(/hasReqHeader\(\s*'([^']*)'\s*\)/g)) {
    const canonical = canonicalHeaderName(name);
    if (name !== canonical)
      findings.push(
        warning(
          path,
          `hasReqHeader takes header names in canonical form; write hasReqHeader('${canonical}') ` +
            '(https://ngrok.com/docs/traffic-policy/macros#hasreqheaderstring---bool)',
        ),
      );
  }
  const lookups = [
    ...expression.matchAll(/req\.headers\[\s*'([^']*)'\s*\]/g),
    ...expression.matchAll(/'([^']*)'\s+in\s+req\.headers\b(?!\s*\[)/g),
  ];
  for (const [, name = ''] of lookups)
    if (name !== name.toLowerCase())
      findings.push(
        warning(
          path,
          `req.headers keys are lower-case, so '${name}' never matches; write '${name.toLowerCase()}' ` +
            '(https://ngrok.com/docs/traffic-policy/variables/req#reqheaders)',
        ),
      );
  return findings;
}
