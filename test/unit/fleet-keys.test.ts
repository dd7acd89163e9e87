import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { ClinicHealth } from '../../source/fleet/types.js';
import { applyKey, type FleetView, initialView, type KeyContext } from '../../source/ui/fleet/fleet-keys.js';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (name: keyof Key): Key => ({ ...noKey, [name]: true });
const rows = Array.from({ length: 50 }, (_, i) => ({ id: `clinic${i}` }) as ClinicHealth);

/** Applies keys one after another the way the screen does, each to the view the previous key made. */
function press(view: FleetView, ...keys: (string | Key)[]) {
  const commands: string[] = [];
  for (const pressed of keys) {
    const selected = view.selectedId ? rows.findIndex((row) => row.id === view.selectedId) : 0;
    const context: KeyContext = { rows, selected, tableHeight: 10 };
    const result =
      typeof pressed === 'string'
        ? applyKey(view, pressed, noKey, context)
        : applyKey(view, '', pressed, context);
    view = result.view;
    if (result.command) commands.push(result.command);
  }
  return { view, commands };
}

describe('fleet keys', () => {
  it('types into the filter until Enter, then the same letters are commands again', () => {
    const { view, commands } = press(initialView(), '/', 'q', 'r', key('backspace'), key('return'), 'q');
    expect(view.filter).toBe('q');
    expect(view.editingFilter).toBe(false);
    expect(commands).toEqual(['quit']);
  });

  it('Esc while typing clears the filter; Ctrl+C quits even while typing', () => {
    const typing = press(initialView(), '/', 'x', key('escape')).view;
    expect(typing).toMatchObject({ filter: '', editingFilter: false });
    const ctrlC = applyKey(press(initialView(), '/').view, 'c', key('ctrl'), {
      rows,
      selected: 0,
      tableHeight: 10,
    });
    expect(ctrlC.command).toBe('quit');
  });

  it('moves the selection and scrolls only as far as needed, clamped to the rows', () => {
    const down = press(initialView(), ...Array.from({ length: 12 }, () => key('downArrow'))).view;
    expect(down).toMatchObject({ selectedId: 'clinic12', top: 3 });
    expect(press(down, key('pageUp')).view).toMatchObject({ selectedId: 'clinic2', top: 2 });
    expect(press(down, key('end')).view).toMatchObject({ selectedId: 'clinic49', top: 40 });
    expect(press(down, key('home'), 'k').view).toMatchObject({ selectedId: 'clinic0', top: 0 });
  });

  it('cycles the sort with s, reverses with S, and leaves help or detail with the next key', () => {
    expect(press(initialView(), 's', 's', 'S').view).toMatchObject({ sortKey: 'version', reverse: true });
    expect(press(initialView(), '?').view.mode).toBe('help');
    expect(press(initialView(), '?', 'q')).toMatchObject({ view: { mode: 'table' }, commands: [] });
    expect(press(initialView(), key('return')).view.mode).toBe('detail');
    expect(press(initialView(), key('return'), 'j').view.selectedId).toBeUndefined();
    expect(press(initialView(), key('return'), key('escape')).view.mode).toBe('table');
  });

  it('asks for a refresh with r and a rotation with R; a key clears the notice', () => {
    const { view, commands } = press(initialView(undefined, 'rotation failed'), 'r', 'R');
    expect(commands).toEqual(['refresh', 'rotate']);
    expect(view.notice).toBeUndefined();
  });
});
