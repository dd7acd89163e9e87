import { readFile } from 'node:fs/promises';
import ssh2, { type IdentityCallback, type ParsedKey } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { OpenSSHAgent, utils } = ssh2;

/**
 * The public key that names an identity file: the file itself when it is a `.pub` (as 1Password's and Secretive's
 * agents are set up), else `<file>.pub` beside it; undefined when there is none to read.
 */
export async function namedPublicKey(identityFile: string): Promise<Buffer | undefined> {
  const path = identityFile.endsWith('.pub') ? identityFile : `${identityFile}.pub`;
  try {
    const key = utils.parseKey(await readFile(path));
    return key instanceof Error ? undefined : key.getPublicSSH();
  } catch {
    return undefined;
  }
}

/**
 * ssh-agent showing only one identity. Under IdentitiesOnly OpenSSH still lets the agent sign for the listed
 * identity, never for its other keys (https://man.openbsd.org/ssh_config#IdentitiesOnly).
 */
export class NamedKeyAgent extends OpenSSHAgent {
  readonly #publicKey: Buffer;

  constructor(socketPath: string, publicKey: Buffer) {
    super(socketPath);
    this.#publicKey = publicKey;
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((error, keys) => {
      if (error) cb(error);
      // OpenSSHAgent lists each identity as a ParsedKey.
      else
        cb(
          null,
          (keys ?? []).filter((key) => (key as ParsedKey).getPublicSSH().equals(this.#publicKey)),
        );
    });
  }
}
