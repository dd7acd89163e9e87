import { parse } from 'yaml';
import type { EmulatorState } from '../../source/sandbox/emulator/state.js';
import type { ClinicSpec, ServiceSpec } from '../../source/spec/schema.js';

/**
 * What a converged clinic must look like, read from the answers alone: an oracle for the sweep that does not reuse
 * the builders under test. Every function returns readable problems; an empty list means it matches.
 */

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443', 'tls:': '443' };

/** scheme://host:port with the scheme's default port written out, the identity ngrok gives an endpoint URL. */
export function withPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || defaultPorts[parsed.protocol]}`;
}

interface Action {
  type: string;
  config?: Record<string, unknown>;
}
interface Rule {
  expressions?: string[];
  actions: Action[];
}

/** Problems with one cloud endpoint's Traffic Policy (a JSON or YAML string) against the service's public options. */
export function policyProblems(service: ServiceSpec, policyText: string): string[] {
  const pub = service.public!;
  const problems: string[] = [];
  const where = `${service.name} policy`;
  const policy = parse(policyText) as Record<string, Rule[]>;
  const rules = Object.values(policy).flat();
  const actions = rules.flatMap((rule) => rule.actions);
  const ofType = (type: string) => actions.filter((action) => action.type === type);
  const forwards = ofType('forward-internal');
  if (forwards.length !== 1 || withPort(String(forwards[0]!.config?.url)) !== withPort(service.internal_url))
    problems.push(
      `${where}: forwards to ${JSON.stringify(forwards)}, want ${withPort(service.internal_url)}`,
    );
  const restrict = ofType('restrict-ips');
  const allowed = restrict.flatMap((action) => (action.config?.allow as string[]) ?? []);
  if (JSON.stringify(allowed) !== JSON.stringify(pub.allow_ips ?? []))
    problems.push(`${where}: allows ${JSON.stringify(allowed)}, want ${JSON.stringify(pub.allow_ips ?? [])}`);
  if (restrict.some((action) => action.config?.enforce !== true))
    problems.push(`${where}: restrict-ips not enforced`);
  // min_tls is enforced by ngrok only where ngrok ends TLS: on https. A tls endpoint passes TLS through unopened.
  const wantTls = pub.min_tls && service.internal_url.startsWith('https:') ? [pub.min_tls] : [];
  const tls = ofType('terminate-tls').map((action) => action.config?.min_version);
  if (JSON.stringify(tls) !== JSON.stringify(wantTls))
    problems.push(`${where}: terminate-tls ${JSON.stringify(tls)}, want ${JSON.stringify(wantTls)}`);
  // hasReqHeader takes the canonical form: X-Clinic-Token (https://ngrok.com/docs/traffic-policy/macros).
  const canonical = (pub.require_header ?? '')
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
  const headerRules = rules.filter((rule) =>
    rule.expressions?.some((e) => e.includes(`hasReqHeader('${canonical}')`)),
  );
  if (pub.require_header && !headerRules.some((rule) => rule.actions.some((a) => a.type === 'deny')))
    problems.push(`${where}: no deny for a request without ${pub.require_header}`);
  if (!pub.require_header && ofType('deny').length > 0)
    problems.push(`${where}: denies without require_header`);
  problems.push(...jwtProblems(service, ofType('jwt-validation'), where));
  return problems;
}

function jwtProblems(service: ServiceSpec, found: Action[], where: string): string[] {
  const jwt = service.public?.jwt;
  if (!jwt) return found.length ? [`${where}: validates a JWT nobody asked for`] : [];
  if (found.length !== 1) return [`${where}: ${found.length} jwt-validation actions, want 1`];
  const config = found[0]!.config as {
    issuer?: { allow_list?: { value: string }[] };
    audience?: { allow_list?: { value: string }[] };
    jws?: { allowed_algorithms?: string[]; keys?: { sources?: { additional_jkus?: string[] } } };
    http?: { tokens?: unknown[] };
  };
  const got = {
    issuer: config.issuer?.allow_list?.map((item) => item.value),
    audience: config.audience?.allow_list?.map((item) => item.value),
    algorithms: config.jws?.allowed_algorithms,
    jwks: config.jws?.keys?.sources?.additional_jkus,
    tokens: config.http?.tokens?.length,
  };
  const want = {
    issuer: [jwt.issuer],
    audience: jwt.audience ? [jwt.audience] : undefined,
    algorithms: jwt.algorithms,
    jwks: [jwt.jwks_url],
    tokens: 1,
  };
  return JSON.stringify(got) === JSON.stringify(want)
    ? []
    : [`${where}: jwt ${JSON.stringify(got)}, want ${JSON.stringify(want)}`];
}

/** Problems with the ngrok.yml text against the answers: one internal endpoint per service, as written. */
export function agentConfigProblems(spec: ClinicSpec, text: string): string[] {
  const config = parse(text) as {
    version: number;
    agent: Record<string, unknown>;
    endpoints: Record<string, unknown>[];
  };
  const problems: string[] = [];
  if (config.version !== 3) problems.push(`ngrok.yml version ${config.version}`);
  if (config.agent.connect_url !== spec.agent.connect_url)
    problems.push(`ngrok.yml connect_url ${config.agent.connect_url}, want ${spec.agent.connect_url}`);
  const want = spec.services.map((service) => ({
    name: service.name,
    url: service.internal_url,
    ...(service.description ? { description: service.description } : {}),
    ...(spec.agent.pooling ? { pooling_enabled: true } : {}),
    upstream: {
      url: /^\d+$/.test(String(service.upstream)) ? Number(service.upstream) : service.upstream,
    },
  }));
  const sorted = (list: unknown[]) =>
    list.map((item) => JSON.stringify(item, Object.keys(item as object).sort())).sort();
  if (JSON.stringify(sorted(config.endpoints)) !== JSON.stringify(sorted(want)))
    problems.push(`ngrok.yml endpoints ${JSON.stringify(config.endpoints)}, want ${JSON.stringify(want)}`);
  return problems;
}

/** Problems with the account after onboarding: the service user, its one credential, and every endpoint. */
export function accountProblems(spec: ClinicSpec, state: EmulatorState): string[] {
  const id = spec.clinic.id;
  const problems: string[] = [];
  const users = state.serviceUsers.all().filter((user) => user.name === `clinic-tui/${id}`);
  if (users.length !== 1) return [`${users.length} service users named clinic-tui/${id}`];
  const credentials = state.credentials.all().filter((c) => c.owner_id === users[0]!.id);
  if (credentials.length !== 1 || JSON.stringify(credentials[0]!.acl) !== `["bind:*.${id}.internal"]`)
    problems.push(`credentials ${JSON.stringify(credentials.map((c) => c.acl))}`);
  const endpoints = state.endpoints.all();
  const agentUrls = endpoints
    .filter((e) => e.type !== 'cloud' && String(e.host).endsWith(`.${id}.internal`))
    .map((e) => withPort(String(e.url)))
    .sort();
  // A standby host runs a second agent serving the same (pooled) URLs.
  const agents = spec.standby_host ? 2 : 1;
  const internal = spec.services
    .flatMap((service) => Array<string>(agents).fill(withPort(service.internal_url)))
    .sort();
  if (JSON.stringify(agentUrls) !== JSON.stringify(internal))
    problems.push(`agent endpoints ${agentUrls}, want ${internal}`);
  for (const service of spec.services.filter((s) => s.public)) {
    const cloud = endpoints.find(
      (e) => e.type === 'cloud' && forwardsTo(String(e.traffic_policy), service.internal_url),
    );
    if (!cloud) {
      problems.push(`no cloud endpoint for ${service.name}`);
      continue;
    }
    if (service.public!.url === 'reserve') {
      const addr = state.reservedAddrs.all().find((a) => `tcp://${a.addr}` === cloud.url);
      if (!addr) problems.push(`${service.name}: ${cloud.url} is not a reserved address`);
      else if (addr.region !== spec.network.region)
        problems.push(`${service.name}: address in ${addr.region}, want ${spec.network.region}`);
    } else if (cloud.url !== service.public!.url) {
      problems.push(`${service.name}: cloud endpoint ${cloud.url}, want ${service.public!.url}`);
    }
    problems.push(...policyProblems(service, String(cloud.traffic_policy)));
  }
  const publicCount = spec.services.filter((s) => s.public).length;
  const clinicCloud = endpoints.filter(
    (e) =>
      e.type === 'cloud' && spec.services.some((s) => forwardsTo(String(e.traffic_policy), s.internal_url)),
  );
  if (clinicCloud.length !== publicCount)
    problems.push(`${clinicCloud.length} cloud endpoints, want ${publicCount}`);
  return problems;
}

function forwardsTo(policyText: string, internalUrl: string): boolean {
  const rules = Object.values(parse(policyText) as Record<string, Rule[]>).flat();
  return rules.some((rule) =>
    rule.actions.some(
      (a) => a.type === 'forward-internal' && withPort(String(a.config?.url)) === withPort(internalUrl),
    ),
  );
}
