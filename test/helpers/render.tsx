import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';

/**
 * Render helpers for Ink tests. Whole screens that render themselves (createInkPresenter, renderFleet, the rotation
 * screen) get a fake terminal of a fixed size (80×24 unless asked) that can be resized, with frames stripped of
 * ANSI codes and helpers that send keys and wait for the screen to change, so tests read like a person at a
 * keyboard. One component is rendered with ink-testing-library's `render`; `visible` and `press` read and drive it.
 */

/** A fake TTY output stream that remembers every frame Ink writes. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/** A fake TTY input stream in the shape Ink reads it (readable event + read()). */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  write = (data: string): void => {
    this.queue.push(data);
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => this.queue.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A fake terminal: pass `streams` to anything that renders with Ink (e.g. createInkPresenter). */
export interface TestTerminal {
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream };
  /** The last frame with visible text, without colours; '' before the first frame. */
  lastFrame(): string;
  /** Every frame with visible text written so far, without colours. */
  frames(): string[];
  /** Sends raw key bytes (see keys.ts) and lets Ink process them and redraw. */
  press(...keys: string[]): Promise<void>;
  /** Types text one character at a time, as a person would. */
  type(text: string): Promise<void>;
  /** Waits until the last frame contains the text (or matches the pattern); throws with the frame on timeout. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Changes the terminal size and emits 'resize', as a terminal window does. */
  resize(columns: number, rows: number): void;
  /** Everything written to the terminal so far, control codes included. */
  raw(): string;
}

/** Lets React commit and Ink redraw: a few macrotask turns (Ink flushes a lone Esc on setImmediate). */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Creates a fake terminal of the given size (default 80×24). */
export function createTestTerminal(size: { columns?: number; rows?: number } = {}): TestTerminal {
  const stdout = new FakeStdout(size.columns ?? 80, size.rows ?? 24);
  const stderr = new FakeStdout(size.columns ?? 80, size.rows ?? 24);
  const stdin = new FakeStdin();
  const clean = (frame: string) => stripVTControlCharacters(frame);
  // Ink's last writes on unmount are only control codes (show the cursor) and the line end; a frame has visible text.
  const visibleFrames = () => stdout.frames.map(clean).filter((frame) => frame.trim() !== '');
  const lastFrame = () => visibleFrames().at(-1) ?? '';
  return {
    streams: {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
    },
    lastFrame,
    frames: visibleFrames,
    raw: () => stdout.frames.join(''),
    async press(...keys) {
      for (const key of keys) {
        stdin.write(key);
        await settle();
      }
    },
    async type(text) {
      for (const char of text) {
        stdin.write(char);
        await settle(1);
      }
      await settle();
    },
    async waitFor(expected, timeoutMs = 3000) {
      const matches = (frame: string) =>
        typeof expected === 'string' ? frame.includes(expected) : expected.test(frame);
      const deadline = Date.now() + timeoutMs;
      while (!matches(lastFrame())) {
        if (Date.now() > deadline) {
          throw new Error(`Timed out waiting for ${String(expected)}; the screen shows:\n${lastFrame()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return lastFrame();
    },
    resize(columns, rows) {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
  };
}

/** The text a person reads in a frame: ANSI codes (colours, inverse) stripped; '' before the first frame. */
export function visible(frame: string | undefined): string {
  return stripVTControlCharacters(frame ?? '');
}

/** Sends raw key bytes (see keys.ts) to a rendered component's stdin, one key at a time, letting Ink redraw. */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle();
  }
}
