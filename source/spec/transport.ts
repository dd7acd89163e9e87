import { appNames, appSource, databaseApps, type ServiceApp, serviceApp, upstreamPort } from './app.js';
import type { ServiceSpec } from './shape.js';
import { serviceProtocol } from './url.js';

/**
 * Which endpoint can carry each application. ngrok TLS endpoints do not support protocols that begin in plain text
 * and upgrade to TLS (STARTTLS) and point those to TCP endpoints
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#starttls). PostgreSQL clients ask for TLS in plain text
 * first unless they use direct TLS (libpq 17+ `sslnegotiation=direct`); SQL Server negotiates TLS inside TDS;
 * MySQL switches to TLS after a plain-text greeting. So databases go on tcp://, PostgreSQL on tls:// only when
 * the answers say every client connects with direct TLS.
 */

/** A field of a service that asks for what cannot work, and the one sentence why. */
export interface TransportProblem {
  path: (string | number)[];
  message: string;
}

type Service = Pick<ServiceSpec, 'name' | 'internal_url' | 'upstream' | 'app' | 'public' | 'agent_tls'>;

const defaultPorts: Partial<Record<ServiceApp, number>> = { postgresql: 5432, sqlserver: 1433, mysql: 3306 };

/** Why each database cannot be carried by a tls:// endpoint. */
const upgradesToTls: Partial<Record<ServiceApp, string>> = {
  postgresql: 'PostgreSQL clients ask for TLS in plain text first (STARTTLS)',
  sqlserver: 'SQL Server negotiates TLS inside its TDS protocol',
  mysql: 'MySQL switches to TLS after a plain-text greeting',
};

function tcpUrl(service: Service, clinicId: string, app: ServiceApp): string {
  const port = upstreamPort(service.upstream) ?? defaultPorts[app];
  return `tcp://${service.name}.${clinicId}.internal:${port}`;
}

/** Every transport rule a service breaks: a database on an endpoint that cannot carry it, options out of place. */
export function transportProblems(service: Service, clinicId: string): TransportProblem[] {
  const protocol = serviceProtocol(service);
  if (!protocol) return [];
  const app = serviceApp(service);
  const problems: TransportProblem[] = [];
  const directTls = service.public?.direct_tls === true;
  const isDatabase = databaseApps.includes(app);
  const notThis = service.app ? '' : `, or set app if ${appSource(service)} is not ${appNames[app]}`;
  if (isDatabase && (protocol === 'http' || protocol === 'https'))
    problems.push({
      path: ['internal_url'],
      message: `${appNames[app]} does not speak HTTP; use ${tcpUrl(service, clinicId, app)}${notThis}`,
    });
  if (isDatabase && protocol === 'tls' && !(app === 'postgresql' && directTls)) {
    const direct =
      app === 'postgresql' && service.public
        ? ', or set public.direct_tls: true if every client connects with direct TLS (libpq 17+ sslnegotiation=direct)'
        : '';
    problems.push({
      path: ['internal_url'],
      message: `${upgradesToTls[app]}, which ngrok tls:// endpoints cannot carry; use ${tcpUrl(service, clinicId, app)}${direct}${notThis}`,
    });
  }
  if (directTls && app !== 'postgresql')
    problems.push({
      path: ['public', 'direct_tls'],
      message: `is for PostgreSQL clients that open with TLS (sslnegotiation=direct), and by its ${appSource(service)} this service is not PostgreSQL`,
    });
  else if (directTls && protocol !== 'tls')
    problems.push({
      path: ['public', 'direct_tls'],
      message: `is for a tls:// service; on ${protocol}:// TLS stays inside the stream, so leave it out`,
    });
  if (service.agent_tls && protocol !== 'tls')
    problems.push({
      path: ['agent_tls'],
      message: 'the agent terminates TLS only on tls:// endpoints (agent_tls_termination); leave it out here',
    });
  return problems;
}

/** One sentence on why a database got the endpoint it has; undefined for services that are not databases. */
export function transportReason(service: Service): string | undefined {
  const app = serviceApp(service);
  const protocol = serviceProtocol(service);
  if (!databaseApps.includes(app)) return undefined;
  const what = `${service.name} is ${appNames[app]} (${service.app ? `app: ${app}` : `inferred from ${appSource(service)}`})`;
  if (protocol === 'tls')
    return `${what} behind tls:// because public.direct_tls says every client opens with TLS (libpq 17+ sslnegotiation=direct); clients that ask for TLS in plain text first cannot connect.`;
  if (protocol === 'tcp')
    return `${what} behind tcp://: ${upgradesToTls[app]}, which a tls:// endpoint cannot carry, so TLS stays between client and server inside the TCP stream.`;
  return undefined;
}
