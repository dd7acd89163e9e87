import { createTwoFilesPatch } from 'diff';
import { parse as parseYaml } from 'yaml';
import { formatTag } from '../../source/ngrok/tags.js';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import type { ClinicSpec, ServiceSpec } from '../../source/spec/schema.js';
import type { ReservedAddrs } from './reserved-addrs.js';

/** A public cloud endpoint the spec asks for. `url` is undefined until its TCP address is reserved. */
export interface DesiredEndpoint {
  service: ServiceSpec;
  url: string | undefined;
  policy: string;
  metadata: string;
  description: string;
}

/** The cloud endpoints the spec asks for, one per service with a `public` block, at the addresses reserved so far. */
export function desiredEndpoints(spec: ClinicSpec, addrs: ReservedAddrs): DesiredEndpoint[] {
  return spec.services.flatMap((service) => {
    if (!service.public) return [];
    const addr = addrs.get(service.name);
    const url = service.public.url === 'reserve' ? (addr ? `tcp://${addr}` : undefined) : service.public.url;
    return [
      {
        service,
        url,
        policy: policyToApiString(buildPolicy(spec, service)),
        metadata: formatTag({ clinic: spec.clinic.id, role: 'cloud-endpoint', service: service.name }),
        description: `clinic-tui: ${spec.clinic.name} ${service.name}`.slice(0, 255),
      },
    ];
  });
}

/** A policy string as a value (the API stores JSON or YAML text); undefined when it does not parse. */
function policyValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

/** The policy as stable, indented JSON (keys sorted), so two equal policies compare and diff as equal. */
export function canonicalPolicy(text: string): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, sortKeys(inner)]),
      );
    return value;
  };
  const value = policyValue(text);
  return value === undefined ? text : JSON.stringify(sortKeys(value), null, 2);
}

/** A line diff of the live policy against the wanted one, for the review screen. */
export function policyDiff(live: string, wanted: string): string {
  const patch = createTwoFilesPatch(
    'live',
    'wanted',
    `${canonicalPolicy(live)}\n`,
    `${canonicalPolicy(wanted)}\n`,
  );
  return patch.split('\n').slice(2).join('\n').trimEnd();
}
