import { type Document, parseDocument, type YAMLError } from 'yaml';

/**
 * Answers text into data: the one parser `render`, `onboard` and `lint` read an answers file with. YAML is a superset
 * of JSON, so it reads both (a trailing comma in a JSON answers file is YAML's to forgive, as it always was).
 */

/** Why text cannot be read as answers: the message follows the file's name; where is line:column when known. */
export interface TextProblem {
  message: string;
  hint: string;
  where?: string;
}

const syntaxHint =
  'Fix the syntax (indentation, quotes, commas) and run again; `clinic-tui lint FILE` shows every problem.';
const tagHint = 'Remove every such tag and run again; `clinic-tui lint FILE` lists each one.';

/** YAML read as answers are: positions in messages, and a key given twice an error. */
export const answersYamlOptions = { prettyErrors: true, uniqueKeys: true } as const;

/**
 * Parses answers text into data, or every problem that stops it: syntax errors, unknown tags, no content. `parsed`:
 * the text's document when it was already read with answersYamlOptions.
 */
export function readAnswersData(
  text: string,
  parsed?: Document,
): { data: unknown } | { problems: TextProblem[] } {
  const doc = parsed ?? parseDocument(text, answersYamlOptions);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        message: `is not valid YAML or JSON: ${firstLine(error.message)}`,
        hint: syntaxHint,
        where: lineColumn(error.linePos),
      })),
    };
  }
  const tags = tagProblems(doc);
  if (tags.length > 0) return { problems: tags };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    return {
      problems: [{ message: `cannot be read as answers: ${(error as Error).message}`, hint: syntaxHint }],
    };
  }
  if (data === null || data === undefined)
    return {
      problems: [
        { message: 'is empty.', hint: "Start from assets/examples/clinic1.yml, the guide's clinic." },
      ],
    };
  return { data };
}

/**
 * A tag YAML cannot resolve (`!!js/function`, a custom `!tag`) would be read as a plain value: each is refused
 * instead, in an answers file and in any YAML file `lint` checks. Empty for a document without one.
 */
export function tagProblems(doc: Document): TextProblem[] {
  return doc.warnings
    .filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')
    .map((warning) => ({
      message: `uses a YAML tag clinic-tui does not read (${firstLine(warning.message)}); remove the tag (the text starting with !) and write the plain value`,
      hint: tagHint,
      where: lineColumn(warning.linePos),
    }));
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:$/, '');
}

function lineColumn(linePos: YAMLError['linePos']): string | undefined {
  const start = linePos?.[0];
  return start ? `${start.line}:${start.col}` : undefined;
}
