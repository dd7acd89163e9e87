import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The sshd harness and the tmux end-to-end test share machine-wide resources; two workers fit 2 cores.
    maxWorkers: 2,
  },
});
