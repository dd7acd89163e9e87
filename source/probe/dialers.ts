import * as z from '../zod.js';
import type { Dialer, ProbeRoute } from './route.js';

const defaultPorts: Record<string, number> = { 'https:': 443, 'http:': 80, 'tls:': 443 };

/** Against ngrok: the public URL's own host and port, TLS with the host as SNI for https and tls. */
export const realDialer: Dialer = async (publicUrl) => {
  const url = new URL(publicUrl);
  const port = url.port === '' ? defaultPorts[url.protocol] : Number(url.port);
  if (port === undefined) throw new Error(`${publicUrl} names no port`);
  return {
    host: url.hostname,
    port,
    tls: url.protocol === 'https:' || url.protocol === 'tls:',
    servername: url.hostname,
    notEvaluated: [],
  };
};

const resolveSchema = z.object({
  host: z.string(),
  port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
  tls: z.boolean(),
  servername: z.string(),
  source_address: z.optional(z.string()),
  not_evaluated: z._default(z.array(z.string()), []),
});

/** Against the sandbox: its edge says where each public URL answers (CLINIC_TUI_SANDBOX_EDGE is its base URL). */
export function sandboxDialer(edgeBase: string): Dialer {
  return async (publicUrl, signal) => {
    const where = new URL('/_sandbox/edge/resolve', edgeBase);
    where.searchParams.set('url', publicUrl);
    const response = await fetch(where, signal ? { signal } : {});
    if (response.status === 404) throw new Error(`the sandbox edge serves no endpoint at ${publicUrl}`);
    if (!response.ok) throw new Error(`the sandbox edge answered ${response.status}`);
    const body = resolveSchema.parse(await response.json());
    const route: ProbeRoute = {
      host: body.host,
      port: body.port,
      tls: body.tls,
      servername: body.servername,
      notEvaluated: body.not_evaluated,
      ...(body.source_address ? { sourceAddress: body.source_address } : {}),
    };
    return route;
  };
}
