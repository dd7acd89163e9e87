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

const controlChars = /[\u0000-\u001F\u007F]/g;

/**
 * A one-line editable field. The value lives in a ref and every key edits the latest value, so keys that
 * arrive faster than React redraws (paste, tmux send-keys, a quick typist) are never lost.
 */
export function TextField({ initial, mask, onChange, onSubmit, onEscape, onHelp }: Props) {
  const field = useRef({ value: initial, cursor: initial.length });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useKeys(
    (input, key) => {
      let { value, cursor } = field.current;
      if (key.return) return onSubmit(value);
      if (key.escape) return onEscape();
      if (input === '?' && value === '') return onHelp();
      if (key.upArrow || key.downArrow || key.tab || (key.ctrl && input === 'c')) return;
      if (key.leftArrow) cursor = Math.max(0, cursor - 1);
      else if (key.rightArrow) cursor = Math.min(value.length, cursor + 1);
      else if (key.home || (key.ctrl && input === 'a')) cursor = 0;
      else if (key.end || (key.ctrl && input === 'e')) cursor = value.length;
      else if (key.backspace || key.delete) {
        // Terminals send DEL (0x7f) for the Backspace key, which Ink reports as delete.
        if (cursor === 0) return;
        value = value.slice(0, cursor - 1) + value.slice(cursor);
        cursor -= 1;
      } else if (key.ctrl && input === 'u') {
        value = value.slice(cursor);
        cursor = 0;
      } else if (!key.ctrl && !key.meta) {
        const typed = input.replace(controlChars, '');
        if (typed === '') return;
        value = value.slice(0, cursor) + typed + value.slice(cursor);
        cursor += typed.length;
      } else return;
      const changed = value !== field.current.value;
      field.current = { value, cursor };
      if (changed) onChange?.(value);
      redraw();
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
