import { describe, expect, it } from 'vitest';
import type { RotationPreview } from '../../flows/rotate/preview.js';
import type { StepPlan } from '../../flows/runner.js';
import type { FlowEvent } from '../../flows/step.js';
import { createRotateScreen } from '../../source/ui/rotate/render-rotate.js';
import { BACKSPACE, ENTER, ESC } from '../helpers/keys.js';
import { createTestTerminal } from '../helpers/render.js';

const preview: RotationPreview = {
  clinic: 'clinic1',
  hosts: ['technician@10.20.0.5:/etc/ngrok/ngrok.yml'],
  credentialId: 'cr_old',
  generation: 1,
  endpointCount: 2,
  pooled: false,
};

const plans: StepPlan[] = [
  {
    id: 'rotate.credential',
    title: 'Create the new authtoken',
    changes: [{ kind: 'create', subject: 'credential generation 2' }],
  },
  {
    id: 'rotate.revoke',
    title: 'Delete the old authtoken',
    changes: [{ kind: 'delete', subject: 'old credential', id: 'cr_old' }],
  },
];

const start: FlowEvent = {
  type: 'flow:start',
  flow: 'rotate',
  title: 'Rotate the clinic authtoken',
  steps: plans.map(({ id, title }) => ({ id, title })),
};

function screen(yes = false) {
  const terminal = createTestTerminal();
  let interrupted = 0;
  const rotate = createRotateScreen({
    clinic: 'clinic1',
    yes,
    onInterrupt: () => interrupted++,
    streams: terminal.streams,
    env: { NO_COLOR: '1' },
  });
  return { terminal, rotate, interrupted: () => interrupted };
}

describe('the rotation screen', () => {
  it('asks for the clinic id, refuses anything else, and goes ahead once it is typed', async () => {
    const { terminal, rotate } = screen();
    rotate.listener(start);
    const decision = rotate.confirm(plans, preview);
    const frame = await terminal.waitFor('Type the clinic id (clinic1)');
    expect(frame).toContain('Host technician@10.20.0.5:/etc/ngrok/ngrok.yml');
    expect(frame).toContain('Credential cr_old (generation 1), 2 endpoints');
    expect(frame).toContain('create credential generation 2');
    expect(frame).toContain('delete old credential (cr_old)');
    expect(frame).toContain('Not pooled');
    await terminal.type('clinic2');
    await terminal.press(ENTER);
    await terminal.waitFor('type clinic1 exactly');
    await terminal.press(BACKSPACE);
    await terminal.type('1');
    await terminal.press(ENTER);
    await expect(decision).resolves.toBe(true);
    await rotate.close();
  });

  it('Esc cancels: nothing is rotated', async () => {
    const { terminal, rotate } = screen();
    rotate.listener(start);
    const decision = rotate.confirm(plans, preview);
    await terminal.waitFor('Type the clinic id');
    await terminal.press(ESC);
    await expect(decision).resolves.toBe(false);
    await rotate.close();
  });

  it('--yes skips the question', async () => {
    const { rotate } = screen(true);
    await expect(rotate.confirm(plans, preview)).resolves.toBe(true);
    await rotate.close();
  });

  it('shows each phase, then the rollback phases below, then the outcome', async () => {
    const { terminal, rotate } = screen(true);
    rotate.listener(start);
    rotate.listener({ type: 'step:start', step: 'rotate.credential', title: 'Create the new authtoken' });
    rotate.listener({ type: 'step:done', step: 'rotate.credential' });
    rotate.listener({ type: 'step:start', step: 'rotate.revoke', title: 'Delete the old authtoken' });
    rotate.listener({ type: 'status', step: 'rotate.revoke', text: 'waiting for 2 of 3 endpoints' });
    await terminal.waitFor('waiting for 2 of 3 endpoints');
    rotate.listener({ type: 'step:fail', step: 'rotate.revoke', message: 'boom', hint: 'do this' });
    rotate.listener({
      type: 'flow:start',
      flow: 'rotate-rollback',
      title: 'Roll back',
      steps: [{ id: 'rollback.config', title: 'Restore the old ngrok.yml' }],
    });
    rotate.listener({ type: 'step:start', step: 'rollback.config', title: 'Restore the old ngrok.yml' });
    rotate.listener({ type: 'step:done', step: 'rollback.config' });
    await rotate.finish({
      clinic: 'clinic1',
      result: 'rolled_back',
      old_credential: 'cr_old',
      new_credential: null,
      gap_ms: null,
      error: { message: 'boom' },
    });
    const all = terminal.frames().join('\n');
    expect(all).toContain('✓ Create the new authtoken');
    expect(all).toContain('✗ Delete the old authtoken');
    expect(all).toContain('→ do this');
    expect(all).toContain('✓ Restore the old ngrok.yml');
    expect(all).toContain('Rolled back clinic1: it stays on its old, working authtoken cr_old.');
  });
});
