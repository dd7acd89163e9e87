/**
 * Thrown by an Asker when the person asks to go back one question (Esc in the Ink wizard). The wizard engine
 * catches it and re-asks the previous question; on the first question it becomes an abort.
 */
export class GoBack extends Error {
  override readonly name = 'GoBack';
  constructor() {
    super('Back one question.');
  }
}
