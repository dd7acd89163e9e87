/**
 * What the flow screen shows after the questions: the review, the steps and the summary. They bring the YAML
 * printer and the spinners, which the first question does not need: the presenter imports them once it is drawn.
 */
export { ReviewScreen } from './ReviewScreen.js';
export { FinishedSteps, LiveSteps } from './StepList.js';
export { SummaryScreen } from './SummaryScreen.js';
