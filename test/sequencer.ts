import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run longest (seconds in one full run on 2 cores, November 2026), longest first. They must
 * start first: a clean CI checkout has no vitest duration cache, so vitest would order by file size and start
 * these short-but-slow files last, leaving one worker busy for minutes after the others are done.
 */
const slowestFirst = [
  'test/flows/crash-resume.test.ts', // 216 s: ten onboardings killed and resumed
  'test/flows/onboard.test.ts', // 171 s
  'test/flows/rotate-rollback.test.ts', // 143 s
  'test/integration/host-doctor.test.ts', // 124 s
  'test/flows/rotate-sandbox.test.ts', // 119 s
  'test/integration/host-sshd-reach.test.ts', // 100 s
  'test/integration/host-sshd-password.test.ts', // 91 s
  'test/e2e/demo.test.ts', // 73 s
  'test/unit/render.test.ts', // 73 s
  'test/integration/host-sandbox.test.ts', // 67 s
  'test/integration/rotate-sshd.test.ts', // 50-64 s; started last in two clean-clone runs (+394 s, +560 s)
  'test/integration/valid-inputs.test.ts', // 30-35 s: 27 answers files, two full life cycles
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
