import type { Command } from 'commander';
import { addHelpSections } from './help.js';

/** `clinic-tui demo`: the whole story against a sandbox (no ngrok account, no clinic host needed). */
export function registerDemo(program: Command): void {
  const command = program
    .command('demo')
    .description(
      'onboard the guide clinic against a built-in SANDBOX (API emulator + clinic host), then watch the fleet',
    )
    .option('-y, --yes', 'no questions: onboard with the defaults, print the result and exit')
    .option('--plain', 'plain prompts and lines instead of the full-screen UI (also when TERM=dumb)');
  addHelpSections(command, {
    notes: [
      'Nothing real is touched: the ngrok API, the clinic host and the ngrok agent are simulations started in',
      'this process and thrown away at exit.',
    ],
    examples: [
      ['clinic-tui demo'],
      ['clinic-tui demo --yes', 'no questions; the plan, progress and summary as lines'],
    ],
    exitCodes: [
      [0, 'onboarding converged'],
      [1, 'onboarding failed'],
      [2, 'no terminal and no --yes'],
      [130, 'interrupted'],
    ],
  }).action(async (flags: { yes?: boolean; plain?: boolean }) => {
    const { runDemo } = await import('./demo-run.js');
    process.exitCode = await runDemo(flags);
  });
}
