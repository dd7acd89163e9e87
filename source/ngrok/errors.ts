import { apiErrorBodySchema } from './types.js';

/**
 * ngrok API failures as one error type. `external = true` makes source/errors.ts map it to exit 1 without this
 * layer importing the CLI's error classes.
 */
export class NgrokApiError extends Error {
  override readonly name = 'NgrokApiError';
  readonly external = true;
  /** HTTP status; 0 when no response arrived (timeout, connection refused). */
  readonly status: number;
  /** `ERR_NGROK_…` (or a plain word such as `invalid_cel_expression`), when ngrok sent one. */
  readonly code: string | undefined;
  readonly operationId: string | undefined;
  /** What to do next, one line, ending with the docs code to look up. */
  readonly hint: string;
  /** True when a create may have reached ngrok: look the resource up by its tag before creating again. */
  readonly maybeCreated: boolean;
  constructor(init: {
    message: string;
    status: number;
    code?: string;
    operationId?: string;
    hint?: string;
    maybeCreated?: boolean;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.operationId = init.operationId;
    this.maybeCreated = init.maybeCreated ?? false;
    this.hint = init.hint ?? hintFor(init.code, init.status);
  }
}

/** One line per ERR_NGROK code the tool can meet; our wording, codes from https://ngrok.com/docs/errors/reference. */
const explanations: Record<string, string> = {
  ERR_NGROK_200: 'The request had no Authorization header: set NGROK_API_KEY.',
  ERR_NGROK_201: 'The Authorization header could not be parsed: NGROK_API_KEY must be a bare API key.',
  ERR_NGROK_202: 'NGROK_API_KEY does not look like an ngrok API key.',
  ERR_NGROK_203: 'NGROK_API_KEY is well-formed but invalid (deleted or from another account).',
  ERR_NGROK_206: 'NGROK_API_KEY holds an authtoken, not an API key: create an API key in the dashboard.',
  ERR_NGROK_207: 'NGROK_API_KEY holds an authtoken, not an API key: create an API key in the dashboard.',
  ERR_NGROK_218: 'The Ngrok-Version header was missing or unsupported (a clinic-tui bug: please report it).',
  ERR_NGROK_226: 'The account hit ngrok’s limit of 120 API requests per 60 s; wait a minute and retry.',
  ERR_NGROK_300: 'The authtoken was revoked; the agent needs a new authtoken (clinic-tui rotate).',
  ERR_NGROK_316:
    'The authtoken’s ACL does not allow binding this endpoint URL; check the credential’s bind rules.',
  ERR_NGROK_334: 'That endpoint URL is already online; stop the other agent or enable pooling on both.',
  ERR_NGROK_413: 'That domain is already reserved on this account; reuse the existing reservation.',
  ERR_NGROK_432: 'Too many domain reservations in a short time; wait and retry.',
  ERR_NGROK_600: 'An ACL rule is malformed; rules look like `bind:*.clinic1.internal`.',
  ERR_NGROK_601: 'The account’s default authtoken cannot be deleted, only rotated in the dashboard.',
  ERR_NGROK_2201: 'The Traffic Policy names an unknown action type.',
  ERR_NGROK_2206: 'A Traffic Policy rule has no actions; every rule needs at least one.',
  ERR_NGROK_2207: 'A Traffic Policy action comes after a terminating action and can never run.',
  ERR_NGROK_2230:
    'A Traffic Policy phase does not fit the endpoint’s protocol (tcp/tls use on_tcp_connect only).',
  ERR_NGROK_2235:
    'The cloud endpoint’s policy may leave traffic unhandled; end it with forward-internal or deny.',
  ERR_NGROK_2236: 'The Traffic Policy could not be parsed as JSON or YAML.',
};

/** A one-line explanation of an ngrok error code, or undefined for codes the tool does not expect. */
export function explainNgrokCode(code: string): string | undefined {
  return explanations[code];
}

/** The docs page for an error code. */
export function docsUrlFor(code: string): string {
  return `https://ngrok.com/docs/errors/${code.toLowerCase()}`;
}

function hintFor(code: string | undefined, status: number): string {
  if (code?.startsWith('ERR_NGROK_')) {
    const line = explainNgrokCode(code) ?? 'ngrok rejected the request.';
    return `${line} See ${docsUrlFor(code)}`;
  }
  if (status === 0) return 'Check the network and NGROK_API_URL, then retry.';
  if (status >= 500) return 'ngrok had a server problem; retry in a minute.';
  return 'See https://ngrok.com/docs/api/ for the request that failed.';
}

/** Builds the error for a non-2xx response from its (maybe non-JSON) body. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  context: { method: string; path: string; maybeCreated?: boolean },
): NgrokApiError {
  let parsed: ReturnType<typeof apiErrorBodySchema.safeParse> | undefined;
  try {
    parsed = apiErrorBodySchema.safeParse(JSON.parse(bodyText));
  } catch {
    parsed = undefined;
  }
  const body = parsed?.success ? parsed.data : undefined;
  const operationId = body?.details?.operation_id;
  const code = body?.error_code;
  const msg = body?.msg?.trim() || bodyText.trim().slice(0, 200) || `HTTP ${status}`;
  return new NgrokApiError({
    message: `ngrok API ${context.method} ${context.path} failed (${status}${code ? ` ${code}` : ''}): ${msg}`,
    status,
    code,
    operationId: typeof operationId === 'string' ? operationId : undefined,
    maybeCreated: context.maybeCreated,
  });
}
