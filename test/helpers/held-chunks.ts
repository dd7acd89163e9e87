import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshStateDir, projectRoot } from './cli.js';
import type { LoggedBuild } from './loaded-modules.js';
import { startTmux, type TmuxSession } from './tmux.js';

/**
 * A run of the built CLI in a terminal whose module hook holds some chunks forever: whatever appears on the screen
 * was drawn without them.
 */

/** The file URLs of every chunk of `build` holding one of `inputs` (source files or package paths). */
export function chunksHolding(build: LoggedBuild, inputs: string[]): string[] {
  const chunks = Object.entries(build.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  return inputs.flatMap((wanted) => {
    const found = chunks.filter(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes(wanted)),
    );
    if (found.length === 0) throw new Error(`${wanted} is in no chunk of the build`);
    return found.map(([file]) => pathToFileURL(join(projectRoot, file)).href);
  });
}

/** Runs `clinic-tui <args>` from `build` in tmux with the `held` chunk URLs never loading; no API answers. */
export function runHolding(build: LoggedBuild, name: string, args: string, held: string[]): TmuxSession {
  const register = join(projectRoot, 'test', 'helpers', 'module-log', 'register.mjs');
  const log = join(mkdtempSync(join(tmpdir(), 'clinic-tui-modules-')), 'modules.log');
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 NGROK_API_KEY=test-key NGROK_API_URL=http://127.0.0.1:9',
    `CLINIC_TUI_HOME=${freshStateDir()} CLINIC_TUI_MODULE_LOG=${log}`,
    `CLINIC_TUI_MODULE_HOLD=${held.join(',')}`,
    `${process.execPath} --import ${register} ${build.entry} ${args}; sleep 60`,
  ].join(' ');
  return startTmux(name, `cd ${projectRoot} && ${command}`);
}
