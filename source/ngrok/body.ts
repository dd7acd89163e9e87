/**
 * Shapes a request body to what ngrok accepts before it is sent: `description` is at most 255 bytes and `metadata`
 * at most 4096 bytes (https://ngrok.com/docs/api-reference/credentials/create). Descriptions are readable labels
 * clinic-tui composes from names the user typed, so an over-long one is cut at a character boundary rather than
 * failing the whole step.
 */

export const descriptionMaxBytes = 255;
export const metadataMaxBytes = 4096;

/**
 * The body to send. On a create an empty string and an absent field mean the same ("not set"), and an empty
 * `owner_id` or `region` is not a value a strict API accepts, so empty strings are left out; on an update an
 * empty string clears the field and is kept.
 */
export function fitRequestBody<B>(body: B, kind: 'create' | 'update'): B {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const fitted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (value === undefined || (kind === 'create' && value === '')) continue;
    fitted[field] = field === 'description' && typeof value === 'string' ? fitBytes(value) : value;
  }
  const { metadata } = fitted;
  if (typeof metadata === 'string' && Buffer.byteLength(metadata) > metadataMaxBytes) {
    // Metadata is a machine-readable tag; cutting it would corrupt it, so this is a clinic-tui bug to report.
    throw new Error(`metadata is ${Buffer.byteLength(metadata)} bytes; ngrok allows ${metadataMaxBytes}`);
  }
  return fitted as B;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function fitBytes(text: string, maxBytes = descriptionMaxBytes): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
