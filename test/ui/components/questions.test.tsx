import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../../flows/step.js';
import { ConfirmQuestion } from '../../../source/ui/components/ConfirmQuestion.js';
import { QuestionForm } from '../../../source/ui/components/QuestionForm.js';
import { SelectQuestion } from '../../../source/ui/components/SelectQuestion.js';
import { TextQuestion } from '../../../source/ui/components/TextQuestion.js';
import {
  ARROW_DOWN,
  ARROW_LEFT,
  ARROW_RIGHT,
  ARROW_UP,
  BACKSPACE,
  ENTER,
  ESC,
  SHIFT_TAB,
  TAB,
} from '../../helpers/keys.js';
import { press, visible } from '../../helpers/render.js';

afterEach(cleanup);

/** What a question form reported: answers, Esc (back) and `?` (help), in order. */
function recorder() {
  const calls: unknown[] = [];
  return {
    calls,
    handlers: {
      onAnswer: (value: unknown) => calls.push(value),
      onBack: () => calls.push('back'),
      onToggleHelp: () => calls.push('help'),
    },
  };
}

describe('TextQuestion', () => {
  const clinicId: Question = {
    kind: 'text',
    id: 'clinic.id',
    message: 'Clinic id',
    default: 'clinic1',
    validate: (value) =>
      /^[a-z0-9-]+$/.test(value) ? undefined : 'use lowercase letters, digits and dashes',
  };

  it('shows the question with its default filled in, and Enter answers the default', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<TextQuestion question={clinicId} {...handlers} />);
    expect(visible(lastFrame())).toBe('Clinic id\n❯ clinic1');
    await press(stdin, ENTER);
    expect(calls).toEqual(['clinic1']);
  });

  it('edits where the cursor is: ← moves it, typing inserts, Backspace deletes before it', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<TextQuestion question={clinicId} {...handlers} />);
    await press(stdin, ARROW_LEFT, '-', BACKSPACE, BACKSPACE, 'c', ARROW_RIGHT, '9');
    expect(visible(lastFrame())).toBe('Clinic id\n❯ clinic19');
    await press(stdin, ENTER);
    expect(calls).toEqual(['clinic19']);
  });

  it('shows the validation message under the field instead of answering, and drops it once fixed', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<TextQuestion question={clinicId} {...handlers} />);
    await press(stdin, 'X', ENTER);
    expect(visible(lastFrame())).toBe('Clinic id\n❯ clinic1X\n✗ use lowercase letters, digits and dashes');
    expect(calls).toEqual([]);
    await press(stdin, BACKSPACE);
    expect(visible(lastFrame())).toBe('Clinic id\n❯ clinic1');
    await press(stdin, ENTER);
    expect(calls).toEqual(['clinic1']);
  });

  it('a chunk of keys (a paste) acts key by key: Ctrl+U clears, Enter inside it answers', async () => {
    const { calls, handlers } = recorder();
    const { stdin } = render(<TextQuestion question={clinicId} {...handlers} />);
    await press(stdin, '\u0015east-side\r');
    expect(calls).toEqual(['east-side']);
  });

  it('? asks for help only in an empty field; Esc goes back', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<TextQuestion question={clinicId} {...handlers} />);
    await press(stdin, '?');
    expect(visible(lastFrame())).toBe('Clinic id\n❯ clinic1?');
    await press(stdin, '\u0015', '?', ESC);
    expect(calls).toEqual(['help', 'back']);
  });

  it('number: answers a number, and says which range when the text is not a whole number in it', async () => {
    const { calls, handlers } = recorder();
    const question: Question = {
      kind: 'number',
      id: 'port',
      message: 'Port',
      default: 80,
      min: 1,
      max: 65535,
    };
    const { lastFrame, stdin } = render(<TextQuestion question={question} {...handlers} />);
    await press(stdin, '0', '0', '0', ENTER);
    expect(visible(lastFrame())).toContain('✗ must be a whole number from 1 to 65535');
    await press(stdin, BACKSPACE, BACKSPACE, BACKSPACE, '8', '0', ENTER);
    expect(calls).toEqual([8080]);
  });

  it('secret: starts empty, shows a bullet per character, and refuses an empty answer', async () => {
    const { calls, handlers } = recorder();
    const question: Question = { kind: 'secret', id: 'key', message: 'Key passphrase' };
    const { lastFrame, frames, stdin } = render(<TextQuestion question={question} {...handlers} />);
    await press(stdin, ENTER);
    expect(visible(lastFrame())).toBe('Key passphrase\n❯\n✗ is required');
    await press(stdin, 'Z', 'X', '#', 'W');
    expect(visible(lastFrame())).toBe('Key passphrase\n❯ ••••');
    expect(frames.map(visible).join('\n')).not.toMatch(/[ZX#W]/);
    await press(stdin, ENTER);
    expect(calls).toEqual(['ZX#W']);
  });
});

describe('SelectQuestion', () => {
  const stage: Extract<Question, { kind: 'select' }> = {
    kind: 'select',
    id: 'stage',
    message: 'What to set up',
    choices: [
      { value: 'cloud', label: 'Cloud only', hint: 'endpoints and policies' },
      { value: 'host', label: 'Host only' },
      { value: 'all', label: 'Everything' },
    ],
    default: 'host',
  };

  it('lists the choices with their hints and points at the default', () => {
    const { lastFrame } = render(<SelectQuestion question={stage} {...recorder().handlers} />);
    expect(visible(lastFrame())).toBe(
      'What to set up\n  Cloud only  endpoints and policies\n❯ Host only\n  Everything',
    );
  });

  it('↓/↑ and Tab/Shift+Tab move the pointer, wrapping at the ends; Enter picks what it points at', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<SelectQuestion question={stage} {...handlers} />);
    await press(stdin, ARROW_DOWN, ARROW_DOWN);
    expect(visible(lastFrame())).toContain('❯ Cloud only');
    await press(stdin, ARROW_UP, TAB, SHIFT_TAB);
    expect(visible(lastFrame())).toContain('❯ Everything');
    await press(stdin, ENTER);
    expect(calls).toEqual(['all']);
  });

  it('↓ and Enter in one chunk pick the choice ↓ moved to; Esc goes back and ? asks for help', async () => {
    const { calls, handlers } = recorder();
    const { stdin } = render(<SelectQuestion question={stage} {...handlers} />);
    await press(stdin, '?', ESC, `${ARROW_DOWN}${ENTER}`);
    expect(calls).toEqual(['help', 'back', 'all']);
  });
});

describe('ConfirmQuestion', () => {
  const trust: Extract<Question, { kind: 'confirm' }> = {
    kind: 'confirm',
    id: 'trust',
    message: 'Trust this host key?',
  };

  it('highlights the default (No unless given) and Enter answers it', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(<ConfirmQuestion question={trust} {...handlers} />);
    expect(visible(lastFrame())).toBe('Trust this host key?\n  Yes  ❯ No');
    await press(stdin, ENTER);
    expect(calls).toEqual([false]);
  });

  it('arrows and Tab switch the highlight; y and n answer at once', async () => {
    const { calls, handlers } = recorder();
    const { lastFrame, stdin } = render(
      <ConfirmQuestion question={{ ...trust, default: true }} {...handlers} />,
    );
    expect(visible(lastFrame())).toBe('Trust this host key?\n❯ Yes    No');
    await press(stdin, ARROW_RIGHT);
    expect(visible(lastFrame())).toBe('Trust this host key?\n  Yes  ❯ No');
    await press(stdin, TAB, ENTER, 'n', 'Y');
    expect(calls).toEqual([true, false, true]);
  });

  it('Esc goes back and ? asks for help; once the form is gone its keys answer nothing', async () => {
    const { calls, handlers } = recorder();
    const { stdin, unmount } = render(<ConfirmQuestion question={trust} {...handlers} />);
    await press(stdin, '?', ESC);
    unmount();
    await press(stdin, 'y', ENTER);
    expect(calls).toEqual(['help', 'back']);
  });
});

describe('QuestionForm', () => {
  it('shows the form for the kind of question, and a new question starts with a fresh field', async () => {
    const { calls, handlers } = recorder();
    const first: Question = { kind: 'text', id: 'name', message: 'Clinic name', default: 'East' };
    const { lastFrame, rerender, stdin } = render(<QuestionForm question={first} {...handlers} />);
    await press(stdin, 'X');
    expect(visible(lastFrame())).toBe('Clinic name\n❯ EastX');
    rerender(<QuestionForm question={{ ...first, id: 'city', message: 'City' }} {...handlers} />);
    await press(stdin);
    expect(visible(lastFrame())).toBe('City\n❯ East');
    rerender(<QuestionForm question={{ kind: 'confirm', id: 'ok', message: 'Go on?' }} {...handlers} />);
    await press(stdin, 'y');
    expect(visible(lastFrame())).toBe('Go on?\n  Yes  ❯ No');
    expect(calls).toEqual([true]);
  });
});
