import { defineConfig } from 'vitest/config';
import SlowestFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // The screen tests play a person at a terminal. With CI set, Ink (is-in-ci) prints only the last frame, so
    // every intermediate screen a test waits for would be missing; CI=false tells Ink this is a terminal.
    // The CLI keeps its compiled-code cache in the OS cache directory (XDG_CACHE_HOME on Linux); the tests' runs keep
    // theirs beside the build they test (test/global-setup.ts empties dist/ first), never in this user's own.
    env: { CI: 'false', XDG_CACHE_HOME: `${import.meta.dirname}/dist/.test-cache` },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Three workers, and at most three concurrent tests in a file (only crash-resume has any): with four workers and
    // five concurrent onboardings, a clean-clone CI run on a loaded 2-core machine starved the in-process SSH servers
    // until logins hit the product's 20 s timeout (6 of 10 crash-resume tests, 2 onboard tests, 2 hook timeouts).
    maxWorkers: 3,
    maxConcurrency: 3,
    // Each file importing the source tree afresh cost more than a third of the run (measured on 17 quick files:
    // 136-156 s isolated, 93-105 s shared). No test leaves globals changed, so workers share them; the one file that
    // mocks a module loads the modules under test afresh (vi.resetModules), so one loaded first cannot bypass the mock.
    isolate: false,
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
