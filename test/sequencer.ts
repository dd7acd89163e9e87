import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run longest (seconds in one full run on 2 cores with 3 workers, December 2026), longest first.
 * They must start first: a clean CI checkout has no vitest duration cache, so vitest would order by file size and
 * start these short-but-slow files last, leaving one worker busy for minutes after the others are done.
 */
const slowestFirst = [
  'test/flows/onboard-duplicates.test.ts', // 56 s: two laptops racing
  'test/flows/onboard-json-failures.test.ts', // 43 s: one case waits out verify's timeout
  'test/flows/rotate-sandbox.test.ts', // 44 s
  'test/flows/rotate-rollback.test.ts', // 28 s
  'test/integration/host-init-systems.test.ts', // 26 s: systemd and SysV hosts
  'test/flows/onboard-init.test.ts', // 25 s
  'test/flows/crash-resume.test.ts', // 24 s: ten onboardings killed and resumed
  'test/integration/host-doctor.test.ts', // 24 s
  'test/flows/onboard.test.ts', // 16 s
  'test/e2e/demo.test.ts', // the tmux demo; slow under load
  'test/integration/bad-input.test.ts', // 12 s
  'test/flows/rotate-init.test.ts', // 12 s
  'test/integration/host-sshd-password.test.ts', // 10 s
  'test/integration/rotate-sshd.test.ts', // 10 s; started last in two clean-clone runs (+394 s, +560 s)
  'test/ui/fleet.test.tsx', // 10 s
  'test/integration/valid-inputs.test.ts', // 9 s: 27 answers files, two full life cycles
  'test/integration/host-sshd-reach.test.ts', // 8 s
  'test/unit/scripting-paths-load.test.ts', // 8 s: builds the CLI once more
];

/** Vitest's own order (failed, then longest per its cache), with the known slowest files moved to the front. */
export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = slowestFirst.indexOf(relative(this.ctx.config.root, spec.moduleId));
      return at < 0 ? slowestFirst.length : at;
    };
    // Array.prototype.sort is stable: files outside the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
