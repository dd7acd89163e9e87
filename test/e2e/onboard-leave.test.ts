import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { freshStateDir, projectRoot } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

/**
 * Esc on the wizard's first question leaves `clinic-tui onboard`: the process must end (the full-screen UI
 * released, not waiting in raw mode for a Ctrl+C) with exit code 130 and say that nothing was changed.
 * The API URL points at a closed port: leaving before any question is answered must not call the API at all.
 */
it('Esc on the first question ends onboard with 130 and the terminal back', async () => {
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 NGROK_API_KEY=test-key NGROK_API_URL=http://127.0.0.1:9',
    `CLINIC_TUI_HOME=${freshStateDir()}`,
    `${process.execPath} dist/clinic-tui.cjs onboard; echo "EXIT=$?"; sleep 60`,
  ].join(' ');
  session = startTmux('clinic-tui-e2e-onboard-leave', `cd ${projectRoot} && ${command}`);
  await session.waitFor('Start from', 60_000);
  session.keys('Escape');
  const screen = await session.waitFor(/EXIT=\d+/, 30_000);
  expect(screen).toContain('Stopped at the first question; nothing was changed.');
  expect(screen).toContain('EXIT=130');
}, 120_000);

/**
 * A SIGINT from another process (a supervisor, `kill -INT`) at the first question: the screen's raw mode makes a
 * typed Ctrl+C a key, so the signal must stop the question itself; one signal ends the run with 130, as one typed
 * Ctrl+C does.
 */
it('one SIGINT from another process at the first question ends onboard with 130', async () => {
  const stateDir = freshStateDir();
  const pidFile = join(stateDir, 'onboard.pid');
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 NGROK_API_KEY=test-key NGROK_API_URL=http://127.0.0.1:9',
    `CLINIC_TUI_HOME=${stateDir}`,
    `sh -c 'echo $$ > ${pidFile}; exec ${process.execPath} dist/clinic-tui.cjs onboard'; echo "EXIT=$?"; sleep 60`,
  ].join(' ');
  session = startTmux('clinic-tui-e2e-onboard-sigint', `cd ${projectRoot} && ${command}`);
  await session.waitFor('Start from', 60_000);
  process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGINT');
  const screen = await session.waitFor(/EXIT=\d+/, 30_000);
  expect(screen).toContain('Stopped by Ctrl+C. Nothing was changed.');
  expect(screen).toContain('EXIT=130');
}, 120_000);
