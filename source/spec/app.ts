/** What a service speaks (the `app` key), and how it is read from the upstream when the answers leave it out. */

/** The applications the answers file knows; `other` is any protocol clinic-tui makes no assumption about. */
export const serviceApps = ['postgresql', 'sqlserver', 'mysql', 'http', 'other'] as const;
/** One of serviceApps. */
export type ServiceApp = (typeof serviceApps)[number];

/** The applications whose clients start in plain text and switch to TLS inside their own protocol. */
export const databaseApps: readonly ServiceApp[] = ['postgresql', 'sqlserver', 'mysql'];

/** How messages name each application. */
export const appNames: Record<ServiceApp, string> = {
  postgresql: 'PostgreSQL',
  sqlserver: 'SQL Server',
  mysql: 'MySQL',
  http: 'an HTTP service',
  other: 'this service',
};

/** The well-known ports an upstream is recognised by when `app` is absent. */
const wellKnownPorts: Record<number, ServiceApp> = {
  5432: 'postgresql',
  1433: 'sqlserver',
  3306: 'mysql',
  80: 'http',
  8080: 'http',
  443: 'http',
  8443: 'http',
};

/** The port an upstream names (8080, 10.0.0.5:5432, tcp://10.0.0.5:5432, http://x:8080/), if any. */
export function upstreamPort(upstream: number | string): number | undefined {
  if (typeof upstream === 'number') return upstream;
  const match = /:(\d{1,5})\/?$/.exec(upstream) ?? /^(\d{1,5})$/.exec(upstream);
  return match ? Number(match[1]) : undefined;
}

/** The application an upstream most likely is: an http(s):// URL is HTTP, else its port decides. */
export function inferApp(upstream: number | string): ServiceApp {
  if (typeof upstream === 'string' && /^https?:\/\//i.test(upstream)) return 'http';
  const port = upstreamPort(upstream);
  return (port !== undefined && wellKnownPorts[port]) || 'other';
}

/** A service's application: the `app` key when given, else what its upstream implies. */
export function serviceApp(service: { app?: ServiceApp; upstream: number | string }): ServiceApp {
  return service.app ?? inferApp(service.upstream);
}

/** How a message says where the application came from: `(app)` or `(port 5432)`. */
export function appSource(service: { app?: ServiceApp; upstream: number | string }): string {
  return service.app ? 'app' : `upstream port ${upstreamPort(service.upstream)}`;
}
