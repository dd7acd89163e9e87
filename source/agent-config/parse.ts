import type { Finding } from '../policy/finding.js';
import { parseConfigText } from '../policy/parse-text.js';

/** Parses any ngrok.yml text; a syntax problem becomes a finding with its line and column and `config` is undefined. */
export function parseAgentConfig(text: string): { config: unknown; findings: Finding[] } {
  const parsed = parseConfigText(text);
  return { config: parsed.findings.length > 0 ? undefined : parsed.data, findings: parsed.findings };
}
