import type { Document } from 'yaml';
import { buildAgentConfig } from '../agent-config/build.js';
import { validateAgentConfig } from '../agent-config/validate.js';
import { at, error, type Finding, info, isRecord } from '../policy/finding.js';
import { specNotes } from '../policy/notes.js';
import { parseConfigText } from '../policy/parse-text.js';
import { validatePolicy } from '../policy/validate.js';
import { readAnswersData, type TextProblem, tagProblems } from '../spec/answers-text.js';
import { validateSpec } from '../spec/validate.js';
import { collectForwards, inferScheme, type LocatedUrl } from './forwards.js';
import { type FileKind, recognize } from './recognize.js';
import { lintRequestBody } from './request-body.js';

/** One linted file: what it is, what is wrong, and what it contributes to the cross-checks. */
export interface LintedFile {
  kind: FileKind | undefined;
  findings: Finding[];
  /** Agent endpoint URLs it defines (agent configs, answers files). */
  endpoints: LocatedUrl[];
  /** forward-internal targets its policies name. */
  forwards: LocatedUrl[];
}

/**
 * Recognises and checks one file's text; kind is undefined when it is none of the kinds lint knows. An answers file
 * is then read again by the parser `render` and `onboard` use, so lint accepts and refuses what they do.
 */
export function lintText(text: string): LintedFile {
  const parsed = parseConfigText(text);
  const kind = recognize(parsed.data);
  if (kind === 'answers') return lintAnswers(text, parsed.document);
  const result: LintedFile = { kind, findings: [...parsed.findings], endpoints: [], forwards: [] };
  if (!kind || !isRecord(parsed.data)) return result;
  const data = parsed.data;
  if (parsed.document) result.findings.push(...tagProblems(parsed.document).map(textFinding));
  switch (kind) {
    case 'agent-config':
      result.findings.push(...validateAgentConfig(data));
      result.endpoints = agentEndpoints(data.endpoints);
      result.forwards = inlineForwards(data.endpoints);
      break;
    case 'policy': {
      const scheme = inferScheme(data);
      result.findings.push(...validatePolicy(data, { scheme, cloud: true }));
      result.forwards = collectForwards(data);
      break;
    }
    case 'request-body': {
      const body = lintRequestBody(data);
      result.findings.push(...body.findings);
      result.forwards = body.forwards;
      break;
    }
  }
  return result;
}

function lintAnswers(text: string, document: Document | undefined): LintedFile {
  const result: LintedFile = { kind: 'answers', findings: [], endpoints: [], forwards: [] };
  const read = readAnswersData(text, document);
  if ('problems' in read) {
    result.findings = read.problems.map(textFinding);
    return result;
  }
  const checked = validateSpec(read.data);
  if ('issues' in checked) {
    result.findings = checked.issues.map((issue) => error(issue.path, issue.message));
    return result;
  }
  result.endpoints = buildAgentConfig(checked.spec, '').endpoints.map((endpoint, index) => ({
    url: endpoint.url,
    path: at(at('services', index), 'internal_url'),
  }));
  result.findings = specNotes(checked.spec).map((note) => info(note.path, note.message));
  return result;
}

/** A problem of the text itself, at its line:column as other syntax findings are. */
function textFinding(problem: TextProblem): Finding {
  return error(problem.where ?? '1:1', problem.message);
}

function agentEndpoints(endpoints: unknown): LocatedUrl[] {
  if (!Array.isArray(endpoints)) return [];
  return endpoints.flatMap((endpoint, index) =>
    isRecord(endpoint) && typeof endpoint.url === 'string'
      ? [{ url: endpoint.url, path: at(at('endpoints', index), 'url') }]
      : [],
  );
}

function inlineForwards(endpoints: unknown): LocatedUrl[] {
  if (!Array.isArray(endpoints)) return [];
  return endpoints.flatMap((endpoint, index) =>
    isRecord(endpoint)
      ? collectForwards(endpoint.traffic_policy, at(at('endpoints', index), 'traffic_policy'))
      : [],
  );
}
