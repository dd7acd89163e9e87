import * as z from '../zod.js';
import { checkCrossFields } from './cross-checks.js';
import { clinicSpecShape } from './shape.js';

/**
 * ClinicSpec: the one description of a clinic that every command consumes. The answers file is this shape in
 * YAML or JSON. Every message names what is allowed, because a field technician reads it on site.
 */

export type { ClinicSpec, HostSpec, PublicSpec, ServiceSpec } from './shape.js';
export { type ServiceProtocol, serviceProtocol, serviceProtocols } from './url.js';

/** The answers file's schema: every field's own rules, then the rules that span several fields. */
export const clinicSpecSchema = clinicSpecShape.check(z.superRefine(checkCrossFields));

/** An answers file as written, before defaults are filled in. */
export type ClinicSpecInput = z.input<typeof clinicSpecSchema>;
