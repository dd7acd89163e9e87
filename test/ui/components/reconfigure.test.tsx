import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { noDefaults } from '../../../flows/questions/defaults.js';
import type { WizardQuestion } from '../../../flows/questions/engine.js';
import { askClinicSpec } from '../../../flows/questions/onboarding.js';
import { guidePreset } from '../../../flows/questions/presets.js';
import { QuestionForm } from '../../../source/ui/components/QuestionForm.js';
import { createInkPresenter, type InkPresenter } from '../../../source/ui/render-flow.js';
import { BACKSPACE, ENTER } from '../../helpers/keys.js';
import { createTestTerminal, press, visible } from '../../helpers/render.js';

let open: InkPresenter[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(open.map((presenter) => presenter.close()));
  open = [];
});

const notice = 'clinic1 already exists in this account: offline · 3 endpoints · host 192.0.2.5';

/** The onboarding wizard on a fake terminal, outside the demo, in an account that holds clinic1 (offline). */
async function wizardOnScreen() {
  const terminal = createTestTerminal();
  const presenter = createInkPresenter({
    title: 'clinic-tui onboard',
    stage: 'all',
    streams: terminal.streams,
    debug: true,
  });
  open.push(presenter);
  const spec = askClinicSpec(presenter.asker, await guidePreset(), {
    defaults: async () => ({ ...noDefaults, clinicId: 'clinic1' }),
    lookup: async (id) =>
      id === 'clinic1' ? { status: 'offline', endpoints: 3, host: '192.0.2.5' } : undefined,
  });
  spec.catch(() => {});
  await terminal.waitFor('Start from');
  await terminal.press(ENTER);
  await terminal.waitFor('Clinic id');
  await terminal.press(ENTER);
  return { terminal };
}

describe('the wizard at an id the account already holds', () => {
  it('shows the clinic with its health, endpoints and host, and asks to reconfigure it (No by default)', async () => {
    const { terminal } = await wizardOnScreen();
    const frame = await terminal.waitFor('Reconfigure clinic1?');
    expect(frame).toContain(notice);
    expect(frame).toContain('  Yes  ❯ No');
    expect(frame).toMatch(/question 3 of \d+/);
  });

  it('No goes back to the id question with the id kept to edit; a free id goes on to the name', async () => {
    const { terminal } = await wizardOnScreen();
    await terminal.waitFor('Reconfigure clinic1?');
    await terminal.press(ENTER);
    let frame = await terminal.waitFor('Clinic id');
    expect(frame).toContain('❯ clinic1');
    expect(frame).not.toContain(notice);
    await terminal.press(BACKSPACE, '2', ENTER);
    frame = await terminal.waitFor('Clinic name, for people');
    expect(frame).not.toContain('already exists');
  });

  it('y reconfigures it: the wizard goes on to the clinic name', async () => {
    const { terminal } = await wizardOnScreen();
    await terminal.waitFor('Reconfigure clinic1?');
    await terminal.press('y');
    expect(await terminal.waitFor('Clinic name, for people')).toMatch(/question 4 of \d+/);
  });
});

describe('QuestionForm', () => {
  it('shows a question notice above the form, and the form answers as without one', async () => {
    const answers: unknown[] = [];
    const question: WizardQuestion = {
      kind: 'confirm',
      id: 'clinic.reconfigure',
      message: 'Reconfigure clinic1?',
      default: false,
      notice,
    };
    const { lastFrame, stdin } = render(
      <QuestionForm
        question={question}
        onAnswer={(value) => answers.push(value)}
        onBack={() => {}}
        onToggleHelp={() => {}}
      />,
    );
    expect(visible(lastFrame())).toBe(`${notice}\nReconfigure clinic1?\n  Yes  ❯ No`);
    await press(stdin, 'y');
    expect(answers).toEqual([true]);
  });
});
