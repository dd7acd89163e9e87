/** What a person is told while ngrok's rate limit holds every request back. */
export function rateLimitText(seconds: number): string {
  return `ngrok rate limit: waiting ${seconds} s (Ctrl+C stops)`;
}
