import { NgrokClient, type NgrokClientOptions } from '../../source/ngrok/client.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../source/sandbox/emulator/server.js';

/** A clock that only moves when someone sleeps on it, shared by the client and the emulator. */
export function fakeTime(start = 1_767_225_600_000) {
  let now = start;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

/** A client whose clock, sleeps and jitter are the test's: retries and rate-limit waits take no real time. */
export function fakeTimeClient(
  baseUrl: string,
  time: ReturnType<typeof fakeTime> = fakeTime(),
  extra: Partial<NgrokClientOptions> = {},
): NgrokClient {
  return new NgrokClient({
    apiKey: 'test_key',
    baseUrl,
    limiter: new RateLimiter({ limit: 1000, clock: time.clock, sleep: time.sleep }),
    sleep: time.sleep,
    random: () => 0.5,
    ...extra,
  });
}

/**
 * A Traffic Policy that forwards everything to an internal URL (a terminating action:
 * https://ngrok.com/docs/traffic-policy/actions/forward-internal#terminating-action).
 */
export function forwardPolicy(url: string, phase = 'on_http_request'): string {
  return JSON.stringify({ [phase]: [{ actions: [{ type: 'forward-internal', config: { url } }] }] });
}

/** An agent connection as a test sees it: the error answer, or the session and its NDJSON stream. */
export interface AgentConnection {
  status: number;
  error?: { error_code?: string; status_code?: number; msg?: string };
  session?: { id: string; endpoints: { id: string; url: string }[] };
  /** Reads the rest of the stream until the emulator ends it. */
  lines(): Promise<{ type: string }[]>;
  disconnect(): Promise<void>;
}

/** Opens a simulated agent session through the emulator's agent entry point. */
export async function connectAgent(
  emulator: Emulator,
  authtoken: string,
  endpoints: { name: string; url: string; pooling_enabled?: boolean }[],
): Promise<AgentConnection> {
  const response = await fetch(`${emulator.url}/_sandbox/agent/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${authtoken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      agent_version: '3.22.1',
      os: 'linux',
      metadata: '',
      hostname: 'clinic-host',
      endpoints: endpoints.map((endpoint) => ({
        upstream_url: 'http://localhost:8080',
        pooling_enabled: false,
        ...endpoint,
      })),
    }),
  });
  if (!response.ok || !response.body) {
    const error = (await response.json()) as AgentConnection['error'];
    return { status: response.status, error, lines: async () => [], disconnect: async () => undefined };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const first = await reader.read();
  buffer += decoder.decode(first.value);
  const session = JSON.parse(buffer.split('\n')[0] ?? '{}') as {
    id: string;
    endpoints: { id: string; url: string }[];
  };
  buffer = buffer.slice(buffer.indexOf('\n') + 1);
  return {
    status: response.status,
    session,
    lines: async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value);
      }
      return buffer
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string });
    },
    disconnect: () => reader.cancel(),
  };
}

/** An emulator (rate limit off unless asked) and a client with its own limiter, pointed at it. */
export async function emulatorWithClient(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<NgrokClientOptions> = {},
): Promise<{ emulator: Emulator; client: NgrokClient }> {
  const emulator = await startEmulator({ rateLimit: 0, ...emulatorOptions });
  const client = new NgrokClient({
    apiKey: 'test_api_key_0123456789',
    baseUrl: emulator.url,
    limiter: new RateLimiter({ limit: 100_000 }),
    ...clientOptions,
  });
  return { emulator, client };
}
