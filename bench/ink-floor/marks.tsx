// The smallest Ink program with the marks a real screen draws (·, ▼, ↑↓): the first text that is not ASCII makes
// Ink's text measuring (string-width) compile its emoji pattern, ~12 ms measured here, which an ASCII-only program
// never pays. bench/startup.ts reports the CLI's first frames against it as well as against app.tsx.
import { render, Text } from 'ink';

render(<Text>ink floor · ▼ ↑↓</Text>);
