import { UserError } from '../../source/errors.js';

const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Parses an age such as 90d, 12h, 2w or 30m (for --older-than) into milliseconds. */
export function parseAge(text: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (!match) {
    throw new UserError(
      `--older-than "${text}" is not an age.`,
      'Give a number and a unit: m (minutes), h (hours), d (days) or w (weeks), such as 90d.',
    );
  }
  const ms = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  // ngrok has existed since 2013: an older authtoken cannot exist, so the age is a typo (90d written as 9000d).
  if (ms > maxAgeMs) {
    throw new UserError(
      `--older-than "${text}" is older than any authtoken can be.`,
      'Give an age of at most 10 years, such as 90d or 26w.',
    );
  }
  return ms;
}

const maxAgeMs = 10 * 365 * unitMs.d;
