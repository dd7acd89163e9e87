/** Raw key sequences a terminal sends, for driving Ink components in tests (the same bytes tmux send-keys sends). */
export const ENTER = '\r';
export const ESC = '\u001B';
export const TAB = '\t';
export const SHIFT_TAB = '\u001B[Z';
export const ARROW_UP = '\u001B[A';
export const ARROW_DOWN = '\u001B[B';
export const ARROW_LEFT = '\u001B[D';
export const ARROW_RIGHT = '\u001B[C';
export const BACKSPACE = '\u007F';
export const CTRL_C = '\u0003';
export const SPACE = ' ';
