// Module hooks (https://nodejs.org/api/module.html#customization-hooks) that append the URL of every module the
// process resolves to the file named by CLINIC_TUI_MODULE_LOG, one per line. CLINIC_TUI_MODULE_HOLD (file URLs,
// comma-separated) names modules whose import never completes: a screen that still draws does not wait for them.
import { appendFileSync } from 'node:fs';

const logFile = process.env.CLINIC_TUI_MODULE_LOG;
const held = new Set((process.env.CLINIC_TUI_MODULE_HOLD ?? '').split(',').filter(Boolean));

/** Records each resolved module, then lets Node load it as usual (or holds it forever). */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${result.url}\n`);
  if (held.has(result.url)) return new Promise(() => {});
  return result;
}
