// What the bundle gives atomically (conf's file writer) in place of when-exit. when-exit listens for a dozen
// signals and raises each again once its callbacks ran; a SIGINT then reaches clinic-tui's own Ctrl+C handler twice
// (source/commands/interrupt.ts: the second one leaves at once, with no rollback), and listening costs every
// command that opens a state file. atomically registers one callback, which removes temp files left by writes in
// flight; conf writes synchronously, so no write is in flight when a signal is handled, and process exit suffices.
// A run killed by a signal it does not handle (SIGTERM, SIGHUP) in the middle of a write may leave that write's
// temporary file beside the state file, as a SIGKILL always could.

/** Runs `callback` when the process exits; returns what unregisters it. */
export default function whenExit(callback) {
  process.once('exit', callback);
  return () => process.off('exit', callback);
}
