import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { onboardFlow } from '../../flows/onboard/flow.js';
import { cliBundle } from '../helpers/cli.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** Runs `clinic-tui onboard` headless in a child process that SIGKILLs itself after step N's checkpoint. */
function onboardUntilKilled(world: OnboardWorld, afterSteps: number): Promise<'killed'> {
  const args = [
    'onboard',
    '--answers',
    world.answersPath,
    '--yes',
    '--json',
    '--known-hosts',
    world.knownHostsPath,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], {
      env: { ...process.env, ...world.env, NO_COLOR: '1', CLINIC_TUI_TEST_CRASH_AFTER: String(afterSteps) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Both streams, so a run that ends some other way shows why (the JSON events say which step failed).
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    // A shell or wrapper would report the SIGKILL as exit code 137 (128 + 9); node itself reports the signal.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 137)
        reject(
          new Error(`expected a crash after step ${afterSteps}, got exit ${code}:\n${output.slice(-2000)}`),
        );
      else resolve('killed');
    });
  });
}

// The guide's clinic names no agent connect URL.
const boundaries = onboardFlow('all', { agent: { pooling: false } }).steps.map((_, index) => index + 1);

// Every step boundary: kill the process right after the N-th step's checkpoint, then rerun. The rerun must
// converge with exactly one of everything: no duplicate made by the dead run and the resumed one together.
describe.concurrent('onboarding killed with SIGKILL at every step boundary, then rerun', {
  timeout: 400_000,
}, () => {
  it.each(boundaries)('after step %i', async (afterSteps) => {
    const world = await startWorld();
    try {
      expect(await onboardUntilKilled(world, afterSteps)).toBe('killed');
      const { summary, result, lines } = await onboardInProcess(world);
      expect(summary.result, lines.join('\n')).toBe('converged');
      // Independent cloud steps finish together, so the checkpoint may list a few more steps than N (all done).
      expect(result.resumed.length).toBeGreaterThanOrEqual(afterSteps);
      const { state } = world.emulator;
      expect(state.counts()).toMatchObject({
        serviceUsers: 1,
        credentials: 1,
        reservedDomains: 1,
        reservedAddrs: 2, // the guide clinic's two databases on tcp://
        tunnelSessions: 1,
      });
      expect(state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud')).toHaveLength(3);
    } finally {
      await world.close();
    }
  });
});
