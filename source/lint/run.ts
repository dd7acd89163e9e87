import type { Finding } from '../policy/finding.js';
import { readConfigFile } from '../spec/read-file.js';
import { writeJsonDocument } from '../ui/json-document.js';
import { checkAclCoverage, parseAclRules } from './acl.js';
import { crossCheckForwards } from './cross-check.js';
import { type LintedFile, lintText } from './lint-file.js';
import { type FileKind, kindLabels } from './recognize.js';

/** The outcome for one file on the command line. */
interface FileReport {
  file: string;
  status: 'checked' | 'unreadable' | 'unrecognised';
  kind?: FileKind;
  /** Why the file could not be read or recognised. */
  problem?: string;
  findings: Finding[];
}

/** Runs `clinic-tui lint`: prints findings and returns the exit code (0 clean, 1 errors, 2 unreadable/unknown). */
export async function runLint(files: string[], options: { acl?: string[]; json?: boolean }): Promise<number> {
  const rules = parseAclRules(options.acl ?? []);
  const reports: FileReport[] = [];
  const linted: { file: string; result: LintedFile }[] = [];
  for (const file of files) {
    // The reading render and onboard use: the same files refused (size, UTF-8, line ends), in the same words.
    const read = await readConfigFile(file);
    if ('problem' in read) {
      reports.push({ file, status: 'unreadable', problem: read.problem, findings: [] });
      continue;
    }
    const result = lintText(read.text);
    if (!result.kind) {
      const problem =
        'not recognised as an ngrok agent config, a Traffic Policy, an endpoint request body or an answers file';
      reports.push({ file, status: 'unrecognised', problem, findings: result.findings });
      continue;
    }
    linted.push({ file, result });
    reports.push({ file, status: 'checked', kind: result.kind, findings: result.findings });
  }
  const inputs = linted.map(({ file, result }) => ({
    file,
    endpoints: result.endpoints,
    forwards: result.forwards,
  }));
  for (const { file, finding } of crossCheckForwards(inputs))
    reports.find((r) => r.file === file)?.findings.push(finding);
  for (const { file, result } of linted)
    reports.find((r) => r.file === file)?.findings.push(...checkAclCoverage(rules, result.endpoints));
  if (options.json) writeJsonDocument(toJson(reports));
  else printText(reports);
  if (reports.some((r) => r.status !== 'checked')) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function printText(reports: FileReport[]): void {
  for (const report of reports) {
    if (report.problem) process.stderr.write(`${report.file}: error: ${report.problem}\n`);
    for (const f of report.findings)
      process.stdout.write(`${report.file}:${f.path}: ${f.severity}: ${f.message}\n`);
  }
  const count = (severity: Finding['severity']) =>
    reports.reduce((sum, r) => sum + r.findings.filter((f) => f.severity === severity).length, 0);
  const kinds = reports.filter((r) => r.kind).map((r) => `${r.file} (${kindLabels[r.kind as FileKind]})`);
  process.stderr.write(
    `Checked ${kinds.length} of ${reports.length} file(s): ${count('error')} error(s), ${count('warning')} warning(s)` +
      `${count('info') ? `, ${count('info')} note(s)` : ''}.\n`,
  );
}

function toJson(reports: FileReport[]) {
  return {
    files: reports.map((r) => ({
      file: r.file,
      status: r.status,
      kind: r.kind ?? null,
      problem: r.problem ?? null,
    })),
    findings: reports.flatMap((r) => r.findings.map((f) => ({ file: r.file, ...f }))),
  };
}
