import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { FlowViewState } from '../flow-state.js';
import type { Store } from '../flow-store.js';
import { KeyRouter, KeyRouterContext } from '../hooks/use-keys.js';
import { useStore } from '../hooks/use-store.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { Tint } from '../theme.js';
import { Header } from './Header.js';
import { KeyHelp, KeyHints, keyHelpRows } from './KeyHelp.js';
import type * as Later from './later-screens.js';
import { QuestionForm } from './QuestionForm.js';

interface Props {
  store: Store<FlowViewState>;
  animate: boolean;
  onInterrupt(): void;
  onToggleHelp(): void;
  /** The review, step and summary screens; undefined until they are loaded (the first question needs none). */
  screens: typeof Later | undefined;
}

const hints = {
  question: 'Enter accept · Esc back · ? keys · Ctrl+C stop',
  review: 'Enter go ahead · Esc change nothing · ↑/↓ scroll · ? keys · Ctrl+C stop',
  reviewWithBack: 'Enter go ahead · Esc back · n change nothing · ↑/↓ scroll · ? keys · Ctrl+C stop',
  running: '? keys · Ctrl+C stop (finished steps are kept)',
};

/**
 * The flow screen. Finished steps sit above in <Static>; below them exactly one live thing at a time: a
 * question, the review, the running steps, or the summary — so a prompt never overlaps a task list. All but the
 * question come from `screens`, which the presenter loads once the first question is drawn.
 */
export function FlowApp({ store, animate, onInterrupt, onToggleHelp, screens }: Props) {
  const state = useStore(store);
  const { rows } = useTerminalSize();
  const [router] = useState(() => new KeyRouter());
  // The one input listener for the whole run: Ctrl+C always, everything else to the prompt on screen.
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
    else if (input === '?' && !state.prompt && !state.summary) onToggleHelp();
    else router.dispatch(input, key);
  });
  const byId = new Map(state.steps.map((step) => [step.id, step]));
  const finished = state.finished.map((id) => byId.get(id)!).filter(Boolean);
  const { prompt, summary, interrupted } = state;
  const helpRows = state.showHelp ? keyHelpRows : 0;
  const bodyRows = Math.max(3, rows - 3 - helpRows);
  let body: React.ReactNode;
  let hint: string | undefined;
  if (interrupted) body = <Tint color="yellow">{interrupted}</Tint>;
  else if (summary) body = screens && <screens.SummaryScreen summary={summary} />;
  else if (prompt?.kind === 'question') {
    hint = hints.question;
    body = (
      <QuestionForm
        key={prompt.seq}
        question={prompt.question}
        onAnswer={prompt.answer}
        onBack={prompt.back}
        onToggleHelp={onToggleHelp}
      />
    );
  } else if (prompt?.kind === 'review') {
    hint = prompt.back ? hints.reviewWithBack : hints.review;
    body = screens && (
      <screens.ReviewScreen
        review={prompt.review}
        height={bodyRows}
        onDecide={prompt.decide}
        onBack={prompt.back}
        onToggleHelp={onToggleHelp}
      />
    );
  } else {
    hint = hints.running;
    body = screens && <screens.LiveSteps steps={state.steps} animate={animate} maxRows={bodyRows} />;
  }
  return (
    <KeyRouterContext.Provider value={router}>
      {screens && <screens.FinishedSteps steps={finished} />}
      <Box flexDirection="column">
        <Header
          header={state.header}
          position={prompt?.kind === 'question' ? prompt.question.position : undefined}
        />
        {body}
        {state.waiting && <Tint color="yellow">{state.waiting}</Tint>}
        {state.showHelp && <KeyHelp />}
        {hint && (
          <Text>
            <KeyHints text={hint} />
          </Text>
        )}
      </Box>
    </KeyRouterContext.Provider>
  );
}
