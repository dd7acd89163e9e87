import { jwsAlgorithms } from '../spec/field-values.js';
import { policyErrors } from './error-codes.js';
import { at, error, type Finding, isRecord, warning } from './finding.js';

/**
 * The jwt-validation config as https://ngrok.com/docs/traffic-policy/actions/jwt-validation#configuration-fields
 * requires it: issuer.allow_list (at least one value), audience.allow_list when audience is given, http.tokens
 * (type, method, name), jws.allowed_algorithms and jws.keys.sources.additional_jkus. A missing parent is reported by
 * the generic required-field check, so only what lies inside a present parent is checked here.
 */
export function checkJwtValidation(config: Record<string, unknown>, base: string): Finding[] {
  const findings: Finding[] = [];
  if (config.issuer !== undefined)
    findings.push(...checkAllowList(config.issuer, at(base, 'issuer'), 'issuer'));
  if (config.audience !== undefined)
    findings.push(...checkAllowList(config.audience, at(base, 'audience'), 'audience'));
  if (config.http !== undefined) findings.push(...checkTokens(config.http, at(base, 'http')));
  if (config.jws !== undefined) findings.push(...checkJws(config.jws, at(base, 'jws')));
  return findings;
}

/** A list ngrok requires to hold at least one entry: 2234 when absent, 2203 when not a list, 2237 when empty. */
function requiredList(value: unknown, path: string, what: string): { list: unknown[]; findings: Finding[] } {
  if (value === undefined)
    return { list: [], findings: [error(path, `is required: ${what} (${policyErrors.missingElement})`)] };
  if (!Array.isArray(value))
    return {
      list: [],
      findings: [error(path, `must be a list: ${what} (${policyErrors.unparsableConfig})`)],
    };
  if (value.length === 0)
    return {
      list: [],
      findings: [error(path, `must list at least one: ${what} (${policyErrors.tooShort})`)],
    };
  return { list: value, findings: [] };
}

function checkAllowList(section: unknown, path: string, name: 'issuer' | 'audience'): Finding[] {
  if (!isRecord(section))
    return [error(path, `must be a mapping with allow_list (${policyErrors.unparsableConfig})`)];
  const { list, findings } = requiredList(
    section.allow_list,
    at(path, 'allow_list'),
    `[{value: ${name.toUpperCase()}}]`,
  );
  list.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry.value !== 'string' || entry.value === '')
      findings.push(
        error(
          at(at(path, 'allow_list'), index),
          `must be {value: ${name.toUpperCase()}} (${policyErrors.missingElement})`,
        ),
      );
  });
  return findings;
}

function checkTokens(http: unknown, path: string): Finding[] {
  if (!isRecord(http))
    return [error(path, `must be a mapping with tokens (${policyErrors.unparsableConfig})`)];
  const tokensPath = at(path, 'tokens');
  const { list, findings } = requiredList(http.tokens, tokensPath, '[{type, method, name}]');
  findings.push(...list.flatMap((token, index) => checkToken(token, at(tokensPath, index))));
  if (list.length > 1)
    findings.push(
      warning(
        tokensPath,
        `every listed token must be present or ngrok answers 401; ${list.length} tokens are required here`,
      ),
    );
  return findings;
}

function checkToken(token: unknown, path: string): Finding[] {
  if (!isRecord(token))
    return [error(path, `must be {type, method, name} (${policyErrors.unparsableConfig})`)];
  const findings: Finding[] = [];
  const types = ['id_token', 'access_token', 'at+jwt', 'it+jwt', 'plain', 'jwt'];
  if (!types.includes(String(token.type)))
    findings.push(
      error(at(path, 'type'), `must be one of ${types.join(', ')} (${policyErrors.invalidValue})`),
    );
  if (token.method !== 'header' && token.method !== 'body')
    findings.push(error(at(path, 'method'), `must be header or body (${policyErrors.invalidValue})`));
  if (token.method === 'body')
    findings.push(
      warning(at(path, 'method'), 'a token in the body is missing on GET requests, which then get 401'),
    );
  if (typeof token.name !== 'string' || token.name === '')
    findings.push(
      error(at(path, 'name'), `give the header or body field name (${policyErrors.missingElement})`),
    );
  return findings;
}

function checkJws(jws: unknown, path: string): Finding[] {
  if (!isRecord(jws))
    return [
      error(path, `must be a mapping with allowed_algorithms and keys (${policyErrors.unparsableConfig})`),
    ];
  const algorithmsPath = at(path, 'allowed_algorithms');
  const { list, findings } = requiredList(
    jws.allowed_algorithms,
    algorithmsPath,
    'the JWS algorithms, such as RS256',
  );
  list.forEach((algorithm, index) => {
    const entry = at(algorithmsPath, index);
    if (String(algorithm).toLowerCase() === 'none')
      findings.push(
        error(
          entry,
          `the none algorithm accepts unsigned tokens and is not allowed (${policyErrors.invalidValue})`,
        ),
      );
    else if (!(jwsAlgorithms as readonly string[]).includes(String(algorithm)))
      findings.push(
        error(
          entry,
          `"${String(algorithm)}" is not a JWS algorithm; use ${jwsAlgorithms.join(', ')} (${policyErrors.invalidValue})`,
        ),
      );
  });
  findings.push(...checkKeys(jws.keys, at(path, 'keys')));
  return findings;
}

/**
 * jws.keys: the reference table calls keys and sources lists, while every example on the page writes them as
 * mappings (keys: {sources: {additional_jkus: [...]}}); both are accepted, the JWKS URLs are required.
 */
function checkKeys(keys: unknown, path: string): Finding[] {
  const what = 'sources.additional_jkus with the JWKS URL that signs the tokens';
  if (keys === undefined) return [error(path, `is required: ${what} (${policyErrors.missingElement})`)];
  const entries = Array.isArray(keys)
    ? keys.map((k, i) => ({ key: k, path: at(path, i) }))
    : [{ key: keys, path }];
  if (entries.length === 0)
    return [error(path, `must list at least one key source (${policyErrors.tooShort})`)];
  return entries.flatMap(({ key, path: keyPath }) => {
    if (!isRecord(key))
      return [error(keyPath, `must be a mapping with ${what} (${policyErrors.unparsableConfig})`)];
    const sources = Array.isArray(key.sources)
      ? key.sources.map((s, i) => ({ source: s, path: at(at(keyPath, 'sources'), i) }))
      : [{ source: key.sources, path: at(keyPath, 'sources') }];
    return sources.flatMap(({ source, path: sourcePath }) => {
      if (!isRecord(source))
        return [error(sourcePath, `is required: ${what} (${policyErrors.missingElement})`)];
      const jkusPath = at(sourcePath, 'additional_jkus');
      const { list, findings } = requiredList(source.additional_jkus, jkusPath, 'the JWKS URLs');
      list.forEach((url, index) => {
        if (typeof url !== 'string' || !/^https?:\/\/[^/\s]/.test(url))
          findings.push(
            error(
              at(jkusPath, index),
              `must be a JWKS URL such as https://id.example.com/jwks (${policyErrors.invalidValue})`,
            ),
          );
      });
      return findings;
    });
  });
}
