import type { Key } from 'ink';
import { type SortKey, scrollTop, sortKeys } from '../../fleet/table-model.js';
import type { ClinicHealth } from '../../fleet/types.js';

/**
 * What the fleet screen shows besides the data (sort, filter, selection, mode) and how each key changes it: a pure
 * function of the view before the key. The screen applies keys one after another to the newest view, so keys
 * typed faster than the screen redraws (a paste, key repeat, `tmux send-keys`) each see what the keys before
 * them did; a handler that read React state would see the view of the last frame drawn.
 */

export type FleetMode = 'table' | 'detail' | 'help';

export interface FleetView {
  sortKey: SortKey;
  reverse: boolean;
  filter: string;
  editingFilter: boolean;
  selectedId?: string;
  /** Index of the first visible row. */
  top: number;
  mode: FleetMode;
  /** A one-off message for the footer, cleared by the next key. */
  notice?: string;
}

/** What a key asks of the world outside the view. */
export type FleetCommand = 'quit' | 'refresh' | 'rotate';

/** The rows as shown (sorted, filtered) and where the table has room, for keys that move the selection. */
export interface KeyContext {
  rows: ClinicHealth[];
  /** Index of the selected row in `rows` (0 when nothing is selected). */
  selected: number;
  tableHeight: number;
}

export function initialView(selectedId?: string, notice?: string): FleetView {
  return {
    sortKey: 'status',
    reverse: false,
    filter: '',
    editingFilter: false,
    top: 0,
    mode: 'table',
    ...(selectedId ? { selectedId } : {}),
    ...(notice ? { notice } : {}),
  };
}

/** The view after one key, and what the key asks the screen to do (quit, refresh now, rotate the selection). */
export function applyKey(
  view: FleetView,
  input: string,
  key: Key,
  context: KeyContext,
): { view: FleetView; command?: FleetCommand } {
  if (key.ctrl && input === 'c') return { view, command: 'quit' };
  if (view.editingFilter) return { view: editFilter(view, input, key) };
  const { notice: _cleared, ...base } = view;
  if (view.mode === 'help') return { view: { ...base, mode: 'table' } };
  if (input === 'q') return { view: base, command: 'quit' };
  if (input === '?') return { view: { ...base, mode: 'help' } };
  if (input === 'r') return { view: base, command: 'refresh' };
  if (input === 'R') return { view: base, command: 'rotate' };
  if (view.mode === 'detail') {
    return { view: key.escape || key.return ? { ...base, mode: 'table' } : base };
  }
  const { selected, tableHeight, rows } = context;
  const move = (index: number) => select(base, index, context);
  if (key.upArrow || input === 'k') return { view: move(selected - 1) };
  if (key.downArrow || input === 'j') return { view: move(selected + 1) };
  if (key.pageUp) return { view: move(selected - tableHeight) };
  if (key.pageDown) return { view: move(selected + tableHeight) };
  if (key.home) return { view: move(0) };
  if (key.end) return { view: move(rows.length - 1) };
  if (key.return && rows[selected]) return { view: { ...base, mode: 'detail' } };
  if (input === '/') return { view: { ...base, editingFilter: true } };
  if (key.escape) return { view: { ...base, filter: '' } };
  if (input === 's') {
    return { view: { ...base, sortKey: sortKeys[(sortKeys.indexOf(view.sortKey) + 1) % sortKeys.length]! } };
  }
  if (input === 'S') return { view: { ...base, reverse: !view.reverse } };
  return { view: base };
}

/** Keys while the filter is being typed: Enter keeps it, Esc clears it, Backspace deletes a character. */
function editFilter(view: FleetView, input: string, key: Key): FleetView {
  if (key.return) return { ...view, editingFilter: false };
  if (key.escape) return { ...view, filter: '', editingFilter: false };
  if (key.backspace || key.delete) return { ...view, filter: view.filter.slice(0, -1) };
  if (input && !key.ctrl && !key.meta) return { ...view, filter: view.filter + input };
  return view;
}

/** Selects a row by index (clamped) and scrolls only as far as needed to show it. */
function select(view: FleetView, index: number, { rows, selected, tableHeight }: KeyContext): FleetView {
  const next = Math.max(0, Math.min(rows.length - 1, index));
  const target = rows[next];
  if (!target) return view;
  const visibleTop = scrollTop(view.top, selected, tableHeight, rows.length);
  return { ...view, selectedId: target.id, top: scrollTop(visibleTop, next, tableHeight, rows.length) };
}
