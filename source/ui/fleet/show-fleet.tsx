import { render } from 'ink';
import type { AuditRecord } from '../../store/audit-log.js';
import { ColorContext, colorsEnabled } from '../theme.js';
import { FleetApp, type FleetSource } from './FleetApp.js';

export interface FleetScreenOptions {
  /** The fleet's state and refreshes (a FleetPoller). */
  source: FleetSource;
  /** Called once the first frame is on the terminal: only then may the first refresh begin. */
  onFirstFrame(): void;
  clock: () => number;
  loadAudit(clinicId: string): Promise<AuditRecord[]>;
  /** Shows the SANDBOX label. */
  sandbox: boolean;
  /** `R` on a row ends the screen with that clinic, for the rotation screen to take the terminal. */
  canRotate: boolean;
  /** The clinic to select first (kept across a rotation). */
  selected?: string;
  /** A message for the footer on the first frame (e.g. a failed rotation). */
  notice?: string;
  streams?: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
  env?: NodeJS.ProcessEnv;
  debug?: boolean;
}

const enterAltScreen = '\u001b[?1049h\u001b[H';
const leaveAltScreen = '\u001b[?1049l';
const clearScreen = '\u001b[2J\u001b[H';

/** How the fleet screen ended: the person quit, or pressed `R` on a clinic. */
export type FleetExit = { kind: 'quit' } | { kind: 'rotate'; clinicId: string };

/** Shows the live fleet screen (TTY only) until the person quits or asks to rotate a clinic. One Ink tree. */
export function showFleetScreen(options: FleetScreenOptions): Promise<FleetExit> {
  const streams = options.streams ?? { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr };
  // The alternate screen, as k9s and less use: a resize leaves no stale lines behind (the screen is cleared before
  // Ink draws the new size; this listener comes before Ink's), and after `q` the shell's scrollback is as it was.
  const clearOnResize = () => streams.stdout.write(`${clearScreen}`);
  streams.stdout.write(enterAltScreen);
  streams.stdout.on('resize', clearOnResize);
  return new Promise((resolve) => {
    let exit: FleetExit = { kind: 'quit' };
    const instance = render(
      <ColorContext.Provider value={colorsEnabled(options.env)}>
        <FleetApp
          source={options.source}
          sandbox={options.sandbox}
          clock={options.clock}
          loadAudit={options.loadAudit}
          {...(options.selected ? { initialSelected: options.selected } : {})}
          {...(options.notice ? { initialNotice: options.notice } : {})}
          onQuit={() => instance.unmount()}
          {...(options.canRotate
            ? {
                onRotate: (clinicId: string) => {
                  exit = { kind: 'rotate', clinicId };
                  instance.unmount();
                },
              }
            : {})}
        />
      </ColorContext.Provider>,
      { ...streams, exitOnCtrlC: false, patchConsole: false, debug: options.debug ?? false },
    );
    // Ink has written the first frame when render returns.
    options.onFirstFrame();
    const end = () => {
      streams.stdout.off('resize', clearOnResize);
      streams.stdout.write(leaveAltScreen);
      resolve(exit);
    };
    instance.waitUntilExit().then(end, end);
  });
}
