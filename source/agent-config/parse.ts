import type { Finding } from '../lint/finding.js';
import { parseConfigText } from '../lint/parse-text.js';

/** Parses any ngrok.yml text; a syntax problem becomes a finding with its line and column and `config` is undefined. */
export function parseAgentConfig(text: string): { config: unknown; findings: Finding[] } {
  const parsed = parseConfigText(text);
  return { config: parsed.findings.length > 0 ? undefined : parsed.data, findings: parsed.findings };
}
