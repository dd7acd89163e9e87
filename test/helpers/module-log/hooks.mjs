// Module hooks (https://nodejs.org/api/module.html#customization-hooks) that append the URL of every module the
// process resolves to the file named by CLINIC_TUI_MODULE_LOG, one per line.
import { appendFileSync } from 'node:fs';

const logFile = process.env.CLINIC_TUI_MODULE_LOG;

/** Records each resolved module, then lets Node load it as usual. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${result.url}\n`);
  return result;
}
