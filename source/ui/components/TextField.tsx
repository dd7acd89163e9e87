import { Text } from 'ink';
import { useReducer, useRef } from 'react';
import { useKeys } from '../hooks/use-keys.js';

interface Props {
  initial: string;
  /** Shows this character instead of each typed one (secrets). */
  mask?: string;
  onChange?(value: string): void;
  onSubmit(value: string): void;
  onEscape(): void;
  /** `?` in an empty field asks for help instead of being typed. */
  onHelp(): void;
}

interface Field {
  value: string;
  cursor: number;
}

/** Applies one typed character (printable, Ctrl+U, Backspace) to the field; other control characters are ignored. */
function typeChar(field: Field, char: string): Field {
  const { value, cursor } = field;
  if (char === '\u0015') return { value: value.slice(cursor), cursor: 0 };
  if (char === '\u007F' || char === '\b') {
    return cursor === 0
      ? field
      : { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 };
  }
  if (char < ' ') return field;
  return { value: value.slice(0, cursor) + char + value.slice(cursor), cursor: cursor + 1 };
}

/**
 * A one-line editable field. The value lives in a ref and every key edits the latest value, so keys that
 * arrive faster than React redraws (paste, tmux send-keys, a quick typist) are never lost.
 */
export function TextField({ initial, mask, onChange, onSubmit, onEscape, onHelp }: Props) {
  const field = useRef<Field>({ value: initial, cursor: initial.length });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const update = (next: Field) => {
    const changed = next.value !== field.current.value;
    field.current = next;
    if (changed) onChange?.(next.value);
    redraw();
  };
  // Several keys in one chunk (a paste, tmux send-keys, typing over a slow SSH link) reach us as one string that
  // Ink does not split; apply them one by one so an Enter, Ctrl+U or Backspace inside it still acts.
  const typeChunk = (chunk: string) => {
    let next = field.current;
    for (const char of chunk) {
      if (char === '\r' || char === '\n') {
        update(next);
        return onSubmit(next.value);
      }
      next = typeChar(next, char);
    }
    update(next);
  };
  useKeys(
    (input, key) => {
      const { value, cursor } = field.current;
      if (key.return) return onSubmit(value);
      if (key.escape) return onEscape();
      if (input === '?' && value === '') return onHelp();
      if (key.upArrow || key.downArrow || key.tab || (key.ctrl && input === 'c')) return;
      if (key.leftArrow) return update({ value, cursor: Math.max(0, cursor - 1) });
      if (key.rightArrow) return update({ value, cursor: Math.min(value.length, cursor + 1) });
      if (key.home || (key.ctrl && input === 'a')) return update({ value, cursor: 0 });
      if (key.end || (key.ctrl && input === 'e')) return update({ value, cursor: value.length });
      // Terminals send DEL (0x7f) for the Backspace key, which Ink reports as delete.
      if (key.backspace || key.delete) return update(typeChar(field.current, '\u007F'));
      if (key.ctrl && input === 'u') return update(typeChar(field.current, '\u0015'));
      if (!key.ctrl && !key.meta) typeChunk(input);
    },
    { typeahead: true },
  );
  const { value, cursor } = field.current;
  const shown = mask ? mask.repeat(value.length) : value;
  return (
    <Text>
      {shown.slice(0, cursor)}
      <Text inverse>{shown[cursor] ?? ' '}</Text>
      {shown.slice(cursor + 1)}
    </Text>
  );
}
