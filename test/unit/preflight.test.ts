import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { checkHostFlags, checkSpecKeyFiles } from '../../source/commands/host-options.js';
import { checkClinicIdArg, checkStateDir, makeDirectory } from '../../source/commands/preflight.js';
import { UserError } from '../../source/errors.js';
import { checkApiEnvironment } from '../../source/ngrok/api-env.js';
import type { ClinicSpec } from '../../source/spec/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-preflight-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a key');
const key = join(dir, 'id_ed25519');
writeFileSync(key, ssh2.utils.generateKeyPairSync('ed25519').private);

/** The UserError a check throws (sync or async), or undefined when it passes. */
async function refusal(check: () => unknown): Promise<UserError | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
}

describe('checkApiEnvironment', () => {
  it.each([
    ['http://', 'with a host'],
    ['ftp://api.example.com', 'http(s) URL'],
    ['api.ngrok.com', 'http(s) URL'],
    ['https://api.ngrok.com/?x=1', 'query or fragment'],
    ['https://api.ngrok.com/#x', 'query or fragment'],
  ])('refuses NGROK_API_URL=%s', async (url, fragment) => {
    expect((await refusal(() => checkApiEnvironment({ NGROK_API_URL: url })))?.message).toContain(fragment);
  });

  it('refuses a URL with a password without echoing it', async () => {
    const error = await refusal(() =>
      checkApiEnvironment({ NGROK_API_URL: 'https://u:hunter2@api.example.com' }),
    );
    expect(error?.message).toContain('must not hold a user or password');
    expect(`${error?.message} ${error?.hint}`).not.toContain('hunter2');
  });

  it.each([['two\nlines'], ['sp ace'], ['nön-ascii'], [' padded\n']])(
    'refuses NGROK_API_KEY %j without echoing it',
    async (k) => {
      const error = await refusal(() => checkApiEnvironment({ NGROK_API_KEY: k }));
      expect(error?.message).toContain('NGROK_API_KEY holds characters');
      expect(`${error?.message} ${error?.hint}`).not.toContain(k);
    },
  );

  it.each([
    [{}],
    [{ NGROK_API_URL: 'https://api.ngrok.com', NGROK_API_KEY: '2abCD_efGH/+=' }],
    [{ NGROK_API_URL: 'http://127.0.0.1:4040/proxy/', NGROK_API_KEY: 'k' }],
  ])('accepts %j (a path prefix is a proxy)', async (env) => {
    expect(await refusal(() => checkApiEnvironment(env))).toBeUndefined();
  });
});

describe('checkStateDir', () => {
  it.each([
    ['a relative path', 'state', 'must be an absolute path'],
    ['a file', aFile, 'a file is in the way'],
    ['a path under a file', join(aFile, 'sub'), 'a file is in the way'],
    ['a place no directory can be made', '/proc/clinic-tui-test', 'cannot be used'],
  ])('refuses %s', async (_what, home, fragment) => {
    expect((await refusal(() => checkStateDir({ CLINIC_TUI_HOME: home })))?.message).toContain(fragment);
  });

  it('creates a missing directory and leaves nothing in it', async () => {
    const home = join(dir, 'new', 'state');
    await checkStateDir({ CLINIC_TUI_HOME: home });
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('makeDirectory', () => {
  it('makes every missing level, and accepts one that exists', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    await makeDirectory(deep);
    await makeDirectory(deep);
    expect(existsSync(deep)).toBe(true);
  });

  it('fails (instead of looping) where the parent exists but refuses children', async () => {
    await expect(makeDirectory('/proc/clinic-tui-x/y')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('clinic id and host files', () => {
  it.each([['Clinic_1'], ['../etc'], ['c'.repeat(41)], ['']])('refuses the clinic id %j', async (id) => {
    expect((await refusal(() => checkClinicIdArg(id)))?.message).toContain('is not a clinic id');
  });

  it.each([
    [{ identity: join(dir, 'nope') }, 'no such file'],
    [{ identity: dir }, 'it is a directory'],
    [{ identity: aFile }, 'is not an SSH private key'],
    [{ knownHosts: dir }, 'is not a file'],
  ])('refuses host flags %j', async (flags, fragment) => {
    expect((await refusal(() => checkHostFlags(flags)))?.message).toContain(fragment);
  });

  it('accepts a real key and a known_hosts file that does not exist yet', async () => {
    expect(
      await refusal(() => checkHostFlags({ identity: key, knownHosts: join(dir, 'kh') })),
    ).toBeUndefined();
  });

  it("names the answers file's field when its key is missing", async () => {
    const spec = {
      host: { identity_file: key },
      standby_host: { identity_file: join(dir, 'gone') },
    } as ClinicSpec;
    expect((await refusal(() => checkSpecKeyFiles(spec)))?.message).toContain('standby_host.identity_file');
  });
});
