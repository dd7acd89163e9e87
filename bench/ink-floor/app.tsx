// The smallest Ink program: one line of text. bench/startup.ts times its first frame to show how much of the
// CLI's startup is Ink itself (React, the reconciler and the yoga-layout WebAssembly) rather than clinic-tui.
import { render, Text } from 'ink';

render(<Text>ink floor</Text>);
