import type { Finding } from './finding.js';
import { parseConfigText } from './parse-text.js';

/** Parses a Traffic Policy written as YAML or JSON; a syntax problem becomes a finding with its line and column. */
export function parsePolicyText(text: string): { doc: unknown; findings: Finding[] } {
  const parsed = parseConfigText(text, 'ERR_NGROK_2236');
  return { doc: parsed.findings.length > 0 ? undefined : parsed.data, findings: parsed.findings };
}
