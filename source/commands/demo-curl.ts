import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClinicSpec, serviceProtocol } from '../spec/schema.js';
import type { DemoSandbox } from './demo-sandbox.js';

/**
 * A curl command that reaches the sandbox clinic's REST API through the sandbox edge the way an authorised caller
 * would: the required header and a JWT the sandbox issuer signed (the edge resolves every JWKS URL to the sandbox's
 * own keys). The headers go into a file in the demo's folder, so the token is not on the screen or a command line;
 * undefined when the clinic has no public http(s) service.
 */
export async function demoCurlLine(sandbox: DemoSandbox, spec: ClinicSpec): Promise<string | undefined> {
  const service = spec.services.find(
    (candidate) =>
      candidate.public &&
      candidate.public.url !== 'reserve' &&
      /^https?$/.test(serviceProtocol(candidate) ?? ''),
  );
  const url = service?.public?.url;
  if (!url) return undefined;
  const route = await sandbox.emulator.edge.resolve(url);
  if (!route) return undefined;
  const { require_header: header, jwt } = service?.public ?? {};
  const token = jwt
    ? sandbox.emulator.edge.mintToken({
        issuer: jwt.issuer,
        ...(jwt.audience ? { audience: jwt.audience } : {}),
        algorithm: jwt.algorithms.includes('ES256') ? 'ES256' : 'RS256',
      })
    : undefined;
  const lines = [
    `Host: ${route.servername}`,
    ...(header ? [`${header}: sandbox-demo`] : []),
    ...(token ? [`Authorization: Bearer ${token}`, 'Content-Type: application/json'] : []),
  ];
  const headersFile = join(sandbox.stateDir, 'curl-headers');
  writeFileSync(headersFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  return `curl -H @${headersFile} http://${route.host}:${route.port}/`;
}
