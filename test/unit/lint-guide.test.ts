import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, projectRoot, runCli } from '../helpers/cli.js';

// The guide's own snippets, verbatim (see test/fixtures/guide/SOURCE.md). Each of the guide's mistakes (one test
// below each: (a)–(d), then the step 5 request bodies) must surface as a finding when the snippets are linted
// together, as a technician would.
const dir = join(projectRoot, 'test', 'fixtures', 'guide');
const files = readdirSync(dir).filter((name) => /\.(ya?ml|json)$/.test(name));
let result: CliResult;

/** The finding lines lint printed for one fixture file. */
function findingsFor(file: string): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith(`${file}:`));
}

beforeAll(async () => {
  result = await runCli(['lint', ...files], { cwd: dir, timeoutMs: 110_000 });
}, 120_000);

describe('lint on the guide snippets', () => {
  it('exits 1 (errors found) and recognises every snippet', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Checked ${files.length} of ${files.length} file(s)`);
  });

  it('(a) finds endpoints nested under agent in the pooling example', () => {
    expect(findingsFor('agent-endpoint-pooling.yml')).toContainEqual(
      expect.stringMatching(/^agent-endpoint-pooling\.yml:agent\.endpoints: error: .*top-level/),
    );
  });

  it('(b) finds the :443 forward that matches the agent endpoint on :433, in the YAML and the curl body', () => {
    for (const [file, path] of [
      ['policy-tcp.yml', 'on_tcp_connect[0].actions[1].config.url'],
      ['create-tcp-endpoint-with-policy.json', 'traffic_policy.on_tcp_connect[0].actions[1].config.url'],
    ]) {
      const line = findingsFor(file!).find((l) => l.startsWith(`${file}:${path}: error:`));
      expect(line).toContain('tcp://operations-database.clinic1.internal:443');
      expect(line).toContain('tcp://operations-database.clinic1.internal:433');
    }
  });

  it('(c) finds the malformed TLS policy JSON at column 109 of the policy string', () => {
    expect(findingsFor('create-tls-endpoint-with-policy.json')).toContainEqual(
      expect.stringMatching(
        /traffic_policy: error: at 1:109 of the policy string: invalid JSON.*ERR_NGROK_2236/,
      ),
    );
  });

  it('(d) finds the rule without actions, the stray forward-internal, and the body token that breaks GETs', () => {
    const lines = findingsFor('policy-https.yml');
    expect(lines).toContainEqual(
      expect.stringMatching(/on_http_request\[0\]\.actions: error: .*ERR_NGROK_2206/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/on_http_request\[2\]: error: a bare forward-internal action/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/tokens\[1\]\.method: warning: .*401/));
    expect(lines).toContainEqual(expect.stringMatching(/on_http_request: error: .*ERR_NGROK_2235/));
  });

  it('finds the trailing commas in the step 5 request bodies, with line and column', () => {
    for (const file of ['create-https-endpoint.json', 'create-tls-endpoint.json'])
      expect(findingsFor(file)).toContainEqual(
        `${file}:4:2: error: invalid JSON: a trailing comma before the closing bracket; JSON allows none`,
      );
  });

  it('finds every step 5 endpoint create without traffic_policy', () => {
    for (const file of ['create-tcp-endpoint.json', 'create-https-endpoint.json', 'create-tls-endpoint.json'])
      expect(findingsFor(file)).toContainEqual(
        expect.stringMatching(new RegExp(`^${file.replace('.', '\\.')}:traffic_policy: error: is missing`)),
      );
  });

  it('finds the TCP create whose url is not tcp:// + the reserved address', () => {
    expect(findingsFor('create-tcp-endpoint.json')).toContainEqual(
      expect.stringMatching(/:url: error: .*tcp:\/\//),
    );
  });

  it('(e) finds the TLS policy that ends TLS at ngrok and then forwards to a tls:// internal endpoint', () => {
    expect(findingsFor('policy-tls.yml')).toEqual([
      expect.stringMatching(
        /^policy-tls\.yml:on_tcp_connect\[0\]\.actions\[0\]: warning: .*not both; .*agent_tls_termination/,
      ),
    ]);
  });

  it('(f) finds PostgreSQL behind tls://, and says which agent the internal endpoints need', () => {
    expect(findingsFor('agent-internal-endpoints.yml')).toEqual([
      expect.stringMatching(
        /^agent-internal-endpoints\.yml:endpoints\[1\]\.url: warning: .*PostgreSQL's.*upgrade to TLS.*use tcp:\/\//,
      ),
      expect.stringMatching(
        /^agent-internal-endpoints\.yml:endpoints: info: needs ngrok agent 3\.16\.0 or newer/,
      ),
    ]);
  });
});
