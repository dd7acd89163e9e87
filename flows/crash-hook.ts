/**
 * TEST-ONLY hook: with CLINIC_TUI_TEST_CRASH_AFTER=N the process kills itself with SIGKILL right after the N-th
 * step's checkpoint is saved, so the flow tests can prove a rerun converges from every step boundary. It does
 * nothing unless that variable is set; never set it outside tests.
 */
export function crashHookAfter(env: NodeJS.ProcessEnv = process.env): (finishedSteps: number) => void {
  const raw = env.CLINIC_TUI_TEST_CRASH_AFTER;
  const limit = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return (finishedSteps) => {
    if (limit !== undefined && finishedSteps === limit) process.kill(process.pid, 'SIGKILL');
  };
}
