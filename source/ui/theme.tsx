import { Text, type TextProps } from 'ink';
import { createContext, useContext } from 'react';

/** False when NO_COLOR is set (any non-empty value, per no-color.org) or the terminal is dumb. */
export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

/** Whether this Ink tree may use colour; the presenter provides it once. */
export const ColorContext = createContext(true);

/** Text whose colours and dimming are dropped when colours are off; symbols and words still carry the meaning. */
export function Tint({ color, backgroundColor, dimColor, ...props }: TextProps) {
  const enabled = useContext(ColorContext);
  return (
    <Text
      {...props}
      color={enabled ? color : undefined}
      backgroundColor={enabled ? backgroundColor : undefined}
      dimColor={enabled ? dimColor : undefined}
    />
  );
}

/** The marks used for step states; each is distinct without colour. */
export const marks = { done: '✓', skipped: '=', failed: '✗', pending: '·', pointer: '❯' } as const;
