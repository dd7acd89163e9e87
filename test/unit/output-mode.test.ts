import { describe, expect, it } from 'vitest';
import { canAsk, chooseOutputMode, type OutputFlags } from '../../source/commands/output-mode.js';

const tty = { stdin: { isTTY: true }, stdout: { isTTY: true } };
const piped = { stdin: { isTTY: false }, stdout: { isTTY: true } };

describe('the one output choice every command makes', () => {
  const cases: [string, OutputFlags, NodeJS.ProcessEnv, typeof tty, string, boolean][] = [
    ['a terminal: the Ink UI', {}, { TERM: 'xterm' }, tty, 'ink', true],
    ['--plain on a terminal: plain prompts', { plain: true }, {}, tty, 'plain', true],
    ['TERM=dumb on a terminal: plain prompts, no colour', {}, { TERM: 'dumb' }, tty, 'plain', false],
    ['--json wins over a terminal', { json: true }, {}, tty, 'json', false],
    ['--yes on a terminal: nobody reviews, plain lines', { yes: true }, {}, tty, 'lines', false],
    ['stdin piped: plain lines', {}, {}, piped, 'lines', false],
    ['CI=true on a terminal: plain lines', {}, { CI: 'true' }, tty, 'lines', false],
    ['CI=false is not CI', {}, { CI: 'false' }, tty, 'ink', true],
    ['NO_COLOR keeps the UI but drops colour', {}, { NO_COLOR: '1' }, tty, 'ink', false],
  ];
  it.each(cases)('%s', (_name, flags, env, terminal, kind, color) => {
    const mode = chooseOutputMode(flags, env, terminal);
    expect(mode.kind).toBe(kind);
    expect(mode.color).toBe(color);
  });

  it('asks questions only where a person can answer them', () => {
    expect(canAsk(chooseOutputMode({}, {}, tty))).toBe(true);
    expect(canAsk(chooseOutputMode({ plain: true }, {}, tty))).toBe(true);
    expect(canAsk(chooseOutputMode({ json: true }, {}, tty))).toBe(false);
    expect(canAsk(chooseOutputMode({}, {}, piped))).toBe(false);
    expect(canAsk(chooseOutputMode({}, { CI: '1' }, tty))).toBe(false);
  });
});
