import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerFleet } from '../../source/commands/fleet.js';
import { fleetValueOptions, scriptingCommandOf } from '../../source/startup/scripting-route.js';

describe('which runs the bin sends to a scripting bundle', () => {
  const cases: [string[], string | undefined][] = [
    [['lint', 'a.yml'], 'lint'],
    [['lint', '--help'], 'lint'],
    [['render', '--answers', 'a.yml'], 'render'],
    [['schema'], 'schema'],
    [['fleet', '--once'], 'fleet'],
    [['fleet', '--json'], 'fleet'],
    [['fleet', '--format', 'prometheus'], 'fleet'],
    [['fleet', '--format=json'], 'fleet'],
    [['fleet', '--plain', '--once'], 'fleet'],
    // The live view draws a terminal UI: the full program.
    [['fleet'], undefined],
    [['fleet', '--plain'], undefined],
    [['fleet', '--interval', '5'], undefined],
    // A value is never read as a flag: `--interval --once` asks for an interval of "--once" (refused by the
    // program), not for the fleet printed once.
    [['fleet', '--interval', '--once'], undefined],
    [['fleet', '--', '--once'], undefined],
    [['onboard', '--answers', 'a.yml', '--yes'], undefined],
    [['help', 'lint'], undefined],
    [['--version'], undefined],
    [['-h', 'lint'], undefined],
    [[], undefined],
  ];
  for (const [args, command] of cases) {
    it(`clinic-tui ${args.join(' ') || '(no arguments)'} → ${command ?? 'the full program'}`, () => {
      expect(scriptingCommandOf(args)).toBe(command);
    });
  }

  it('knows every fleet option that takes a value, as the command registers them', () => {
    const program = new Command('clinic-tui');
    registerFleet(program);
    const fleet = program.commands.find((command) => command.name() === 'fleet');
    const takingValues = (fleet?.options ?? [])
      .filter((option) => option.required || option.optional)
      .map((option) => option.long);
    expect(takingValues.length).toBeGreaterThan(0);
    expect([...takingValues].sort()).toEqual([...fleetValueOptions].sort());
  });
});
