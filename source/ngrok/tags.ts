import * as z from '../zod.js';

/**
 * Machine-readable tags in a resource's `metadata` string (≤ 4096 bytes, e.g.
 * https://ngrok.com/docs/api-reference/credentials/create): the ngrok account is the database, so reruns and other
 * laptops find what clinic-tui made by these tags instead of creating duplicates.
 */

export const tagRoles = [
  'agent-credential',
  'reserved-domain',
  'reserved-addr',
  'cloud-endpoint',
  'agent-ingress',
  'clinic-record',
] as const;
export type TagRole = (typeof tagRoles)[number];

export const tagSchema = z.looseObject({
  clinic_tui: z.literal(1),
  clinic: z.optional(z.string()),
  role: z.enum(tagRoles),
  /** For per-service resources: the service name from the ClinicSpec. */
  service: z.optional(z.string()),
  /** Credential generation, incremented by each rotation. */
  generation: z.optional(z.number().check(z.int())),
});
export type Tag = z.infer<typeof tagSchema>;

/** The exact service user name for a clinic; service users have no metadata, so the name is the tag. */
export function serviceUserName(clinicId: string): string {
  return `clinic-tui/${clinicId}`;
}

/** Serialises a tag (plus extra non-secret fields) for the `metadata` field. */
export function formatTag(tag: Omit<Tag, 'clinic_tui'> & Record<string, unknown>): string {
  const text = JSON.stringify({ clinic_tui: 1, ...tag });
  if (Buffer.byteLength(text) > 4096)
    throw new Error(`metadata tag is ${Buffer.byteLength(text)} bytes; ngrok allows 4096`);
  return text;
}

/** Reads a tag from a metadata string; undefined when the resource is not ours. */
export function parseTag(metadata: string | null | undefined): Tag | undefined {
  if (!metadata) return undefined;
  try {
    const result = tagSchema.safeParse(JSON.parse(metadata));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/*
 * No list filter matches a tag: ngrok's `contains()` is "coming soon" (https://ngrok.com/docs/api/api-filtering/),
 * and a substring of the metadata would miss a tag spelt with other spacing or key order, which is still the same
 * tag. Lists are read whole and each resource is judged by its parsed tag (parseTag, hasTag).
 */

/** True when a metadata string carries our tag for this clinic and role (and service, when given). */
export function hasTag(
  metadata: string | null | undefined,
  want: { clinic?: string; role: TagRole; service?: string },
): boolean {
  const tag = parseTag(metadata);
  if (!tag || tag.role !== want.role) return false;
  if (want.clinic !== undefined && tag.clinic !== want.clinic) return false;
  if (want.service !== undefined && tag.service !== want.service) return false;
  return true;
}
