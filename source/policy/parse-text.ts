import { type Document, parseDocument } from 'yaml';
import { answersYamlOptions } from '../spec/answers-text.js';
import { error, type Finding } from './finding.js';

/** The result of reading a config text: the data (when it parses at all) and any syntax findings. */
export interface ParsedText {
  /** The parsed value; for invalid JSON this is a lenient YAML reading, good enough to recognise the file. */
  data: unknown;
  format: 'json' | 'yaml';
  findings: Finding[];
  /** The YAML document read (YAML text only), for a reader that holds it to its own rules without parsing again. */
  document?: Document;
}

/**
 * Parses YAML or JSON. Text that starts like JSON is held to JSON's rules (YAML would forgive trailing commas, which
 * the ngrok API rejects); syntax findings carry `line:column` as their path.
 */
export function parseConfigText(text: string, errorCode = ''): ParsedText {
  const suffix = errorCode ? ` (ngrok would answer ${errorCode})` : '';
  if (/^\s*[{[]/.test(text)) {
    try {
      return { data: JSON.parse(text), format: 'json', findings: [] };
    } catch (failure) {
      const message = (failure as Error).message;
      const position = /at position (\d+)/.exec(message);
      const offset = position ? Number(position[1]) : 0;
      const trailingComma = /,\s*$/.test(text.slice(0, offset)) && /^[}\]]/.test(text.slice(offset));
      const reason = trailingComma
        ? 'a trailing comma before the closing bracket; JSON allows none'
        : message.replace(/ in JSON.*$/, '');
      const finding = error(lineColumn(text, offset), `invalid JSON: ${reason}${suffix}`);
      return { data: lenientYaml(text), format: 'json', findings: [finding] };
    }
  }
  // Read as answers are read, so an answers file's document can be held to their rules without parsing it again.
  const doc = parseDocument(text, answersYamlOptions);
  const findings = doc.errors.map((problem) => {
    const pos = problem.linePos?.[0];
    const where = pos ? `${pos.line}:${pos.col}` : '1:1';
    return error(
      where,
      `invalid YAML: ${problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}${suffix}`,
    );
  });
  if (findings.length > 0) return { data: lenientYaml(text), format: 'yaml', findings, document: doc };
  try {
    return { data: doc.toJS(), format: 'yaml', findings, document: doc };
  } catch (problem) {
    // The yaml library refuses documents whose aliases would expand without bound ("billion laughs").
    const reason = problem instanceof Error ? problem.message : String(problem);
    const finding = error('1:1', `invalid YAML: ${reason}${suffix}`);
    return { data: undefined, format: 'yaml', findings: [finding], document: doc };
  }
}

/** 1-based line:column of an offset, as editors show it. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

function lenientYaml(text: string): unknown {
  try {
    return parseDocument(text, { uniqueKeys: false, logLevel: 'silent' }).toJS();
  } catch {
    return undefined;
  }
}
