import * as z from '../zod.js';
import { clinicSpecSchema } from './schema.js';

/**
 * The answers file's JSON Schema (draft 2020-12), from the same zod schema that validates it. Defaults make keys
 * optional (`io: 'input'`). Every field rule written as a pattern, length or enum is in it, so it accepts what
 * clinic-tui accepts there (its patterns carry no flags: shape.ts spells case-insensitive ones out); refinements
 * (host addresses, CIDRs, https URLs) and cross-field rules (internal URL suffix, domain membership) are checked
 * only by clinic-tui.
 */
export function answersJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(clinicSpecSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'clinic-tui answers file',
    description:
      'One clinic: its services, how the public reaches them, and the host that runs the ngrok agent.',
  };
}
