import { defineConfig } from 'vitest/config';
import SlowestFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // The screen tests play a person at a terminal. With CI set, Ink (is-in-ci) prints only the last frame, so
    // every intermediate screen a test waits for would be missing; CI=false tells Ink this is a terminal.
    env: { CI: 'false' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most test time is spent waiting on child processes (sshd, the simulated agent), so four workers fit 2 cores.
    maxWorkers: 4,
    // Each file importing the source tree afresh cost more than a third of the run (measured on 17 quick files:
    // 136-156 s isolated, 93-105 s shared). No test mocks modules or leaves globals changed, so workers share them.
    isolate: false,
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
