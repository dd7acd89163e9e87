import { validateSpec } from '../../source/spec/load.js';
import type { ClinicSpec, ServiceSpec } from '../../source/spec/schema.js';

/** A valid clinic c1 (domain clinic-network.com) with one service as given, checked like an answers file. */
export function oneServiceSpec(service: Record<string, unknown>): { spec: ClinicSpec; service: ServiceSpec } {
  const result = validateSpec({
    version: 1,
    clinic: { id: 'c1', name: 'C1' },
    network: { domain: 'clinic-network.com' },
    services: [service],
    host: { address: '10.0.0.5', user: 'tech' },
  });
  if (!('spec' in result)) throw new Error(JSON.stringify(result.issues));
  const [first] = result.spec.services;
  if (!first) throw new Error('no service');
  return { spec: result.spec, service: first };
}
