/** The text patterns the answers file's fields must match, shared by the schema and the cross-field checks. */

/** A DNS label: lowercase letters, digits and inner dashes (the clinic id and service names). */
export const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A domain name of two or more lowercase labels, at most 253 characters. */
export const hostname =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The longest clinic id: it is a label of every internal host name and of the service user's name. */
export const maxClinicIdLength = 40;

/** True when a clinic id is valid, so checks built on it (internal URL suffixes) are worth running. */
export function isClinicId(id: string): boolean {
  return id.length <= maxClinicIdLength && dnsLabel.test(id);
}

/** An absolute file path on the clinic host (the agent config), not a directory. */
export const absoluteFilePath = /^\/[^\0\n]*[^/]$/;
