import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most test time is spent waiting on child processes (sshd, the simulated agent), so four workers fit 2 cores.
    maxWorkers: 4,
  },
});
