import type { StrangerProbes } from '../../flows/onboard/context.js';
import { UserError } from '../errors.js';
import type { Dialer } from '../probe/route.js';

/** CLINIC_TUI_SANDBOX_EDGE, when set, must be the sandbox's http(s) base URL (checked before anything runs). */
export function checkSandboxEdge(edge: string | undefined): void {
  if (edge === undefined || (URL.canParse(edge) && /^https?:$/.test(new URL(edge).protocol))) return;
  throw new UserError(
    `CLINIC_TUI_SANDBOX_EDGE must be the sandbox's URL (http://127.0.0.1:PORT), got "${edge}".`,
    'Copy it from `clinic-tui sandbox up`, or unset it to probe the real endpoints.',
  );
}

/** Where probes go: the sandbox edge named by CLINIC_TUI_SANDBOX_EDGE, else ngrok's public names. */
export async function dialerFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Dialer> {
  const { realDialer, sandboxDialer } = await import('../probe/dialers.js');
  const edge = env.CLINIC_TUI_SANDBOX_EDGE;
  return edge ? sandboxDialer(edge) : realDialer;
}

/** Stranger probes through `dialer`, their verdicts kept in the state directory's probe-results.json. */
export async function strangerProbes(dialer: Dialer, stateDir?: string): Promise<StrangerProbes> {
  const { probeResultsPath, saveProbeResult } = await import('../store/probe-results.js');
  const path = probeResultsPath(stateDir);
  return { dialer, record: (clinic, summary) => saveProbeResult(clinic, summary, path) };
}
