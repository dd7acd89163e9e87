import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import { UserError } from '../errors.js';
import { NamedKeyAgent, namedPublicKey } from './named-key-agent.js';
import type { HostPrompter } from './prompts.js';
import { describeTarget, type HostTarget } from './target.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { utils } = ssh2;

const defaultIdentities = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const passphraseAttempts = 3;
// As OpenSSH's NumberOfPasswordPrompts: a mistyped password is asked again, not fatal.
const passwordAttempts = 3;

/**
 * The order: a named identity file (--identity, host.identity_file, IdentityFile) that needs no passphrase, then
 * ssh-agent (under IdentitiesOnly only its key for the named identity), then a named file that needs one (asked
 * for), else the default key files, then a password typed by the person (up to 3 times), sent as `password` or,
 * when the host only offers that (PAM), answering `keyboard-interactive`. A named file that cannot be read is
 * skipped, as OpenSSH does (--identity and host.identity_file are checked before connecting), and named in the
 * error only when nothing logged in. A prompt that refuses (headless) stops the attempt with its UserError; a host
 * that refused every password is reported as such, since "no credentials" would mislead.
 */
export function createAuthHandler(
  target: HostTarget,
  prompter: HostPrompter,
  onRefused: (error: unknown) => void,
): { handler: AuthHandlerMiddleware; tried: string[] } {
  /** What was offered, for the message when the host accepts none of it. */
  const tried: string[] = [];
  const agentSocket = process.env.SSH_AUTH_SOCK;
  const named = target.identityFile;
  const defaultKeys = named ? [] : defaultIdentities.map((name) => join(homedir(), '.ssh', name));
  // The named key goes first: sshd ends the login after MaxAuthTries (6) refused keys, and an agent may hold more.
  // An encrypted one waits until after the agent, which may hold it unlocked, so nobody is asked its passphrase.
  let namedState: 'untried' | 'encrypted' | 'offered' | 'tried' = named ? 'untried' : 'tried';
  let encryptedNamed: Buffer | undefined;
  let agentTried = false;
  let keyIndex = 0;
  let passwordsSent = 0;
  // A refusal inside a keyboard-interactive prompt (headless) surfaces on the next round.
  let promptRefusal: unknown;
  const username = target.user;

  // Under IdentitiesOnly the agent may sign only for the named identity; an identity already offered from its
  // file, or one with no public key to recognise it by, leaves the agent out.
  async function agentToOffer(): Promise<string | NamedKeyAgent | undefined> {
    if (!agentSocket || !target.identitiesOnly) return agentSocket;
    if (!named || namedState === 'offered') return undefined;
    const publicKey = await namedPublicKey(named);
    return publicKey ? new NamedKeyAgent(agentSocket, publicKey) : undefined;
  }

  async function nextMethod(methodsLeft: AuthenticationType[] | null) {
    if (promptRefusal) throw promptRefusal;
    const allows = (method: AuthenticationType) => methodsLeft === null || methodsLeft.includes(method);
    if (named && namedState === 'untried' && allows('publickey')) {
      const file = await readKeyFile(named);
      namedState = 'tried';
      if ('unreadable' in file) tried.push(`${named} (skipped: ${file.unreadable})`);
      else if ('encrypted' in file) {
        namedState = 'encrypted';
        encryptedNamed = file.encrypted;
      } else if (file.key.isPrivateKey()) {
        // A public key names an identity the agent holds: only the agent can sign for it.
        namedState = 'offered';
        tried.push(named);
        return { type: 'publickey' as const, username, key: file.key };
      }
    }
    if (!agentTried && allows('publickey')) {
      agentTried = true;
      const agent = await agentToOffer();
      if (agent) {
        tried.push(typeof agent === 'string' ? 'ssh-agent' : `ssh-agent's key for ${named}`);
        return { type: 'agent' as const, username, agent };
      }
    }
    if (named && encryptedNamed && namedState === 'encrypted' && allows('publickey')) {
      namedState = 'tried';
      const key = await unlockKey(named, encryptedNamed, prompter);
      tried.push(named);
      return { type: 'publickey' as const, username, key };
    }
    while (keyIndex < defaultKeys.length && allows('publickey')) {
      const path = defaultKeys[keyIndex++]!;
      const file = await readKeyFile(path);
      if ('unreadable' in file) continue;
      const key = 'encrypted' in file ? await unlockKey(path, file.encrypted, prompter) : file.key;
      tried.push(path);
      return { type: 'publickey' as const, username, key };
    }
    if (methodsLeft === null) {
      // Nothing offered yet and no key left: ask the host which methods it takes before asking for a password,
      // so a host that wants keyboard-interactive does not burn the typed password on `password`.
      return { type: 'none' as const, username };
    }
    if (passwordsSent < passwordAttempts && allows('password')) {
      const password = await prompter.password(describeTarget(target));
      passwordsSent++;
      return { type: 'password' as const, username, password };
    }
    if (passwordsSent < passwordAttempts && methodsLeft?.includes('keyboard-interactive')) {
      passwordsSent++;
      return { type: 'keyboard-interactive' as const, username, prompt: answerPrompts };
    }
    if (passwordsSent > 0) {
      throw new UserError(
        `${describeTarget(target)} refused the password (${passwordsSent} attempt${passwordsSent === 1 ? '' : 's'})`,
        'Check the password and the user name, or log in with a key (--identity FILE or ssh-agent).',
      );
    }
    return false as const;
  }

  // PAM asks "Password: " (echo off) through keyboard-interactive; each such prompt gets the password asked of
  // the person. A round with no prompts (PAM's closing info request) is answered with nothing.
  function answerPrompts(
    _name: string,
    _instructions: string,
    _lang: string,
    prompts: { prompt: string; echo?: boolean }[],
    finish: (answers: string[]) => void,
  ) {
    const answers: string[] = [];
    const askInTurn = async () => {
      // One question at a time: a terminal can show only one masked prompt.
      for (const _prompt of prompts) answers.push(await prompter.password(describeTarget(target)));
      return answers;
    };
    askInTurn().then(finish, (error: unknown) => {
      promptRefusal = error;
      onRefused(error);
      // As many (empty) answers as asked: a short reply makes sshd drop the connection instead of refusing.
      finish(prompts.map(() => ''));
    });
  }

  const handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, next) => {
    nextMethod(methodsLeft).then(
      (method) => next(method as never),
      (error: unknown) => {
        onRefused(error);
        next(false as never);
      },
    );
  };
  return { handler, tried };
}

type KeyFile = { key: ParsedKey } | { encrypted: Buffer } | { unreadable: string };

/** Reads a key file: parsed, encrypted (its bytes, for unlockKey), or unreadable (why). */
async function readKeyFile(path: string): Promise<KeyFile> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    return { unreadable: `cannot read it: ${(error as Error).message}` };
  }
  const plain = utils.parseKey(data);
  if (!(plain instanceof Error)) return { key: plain };
  if (!/encrypted|passphrase/i.test(plain.message)) {
    throw new UserError(`${path} is not a private key ssh2 can read: ${plain.message}`);
  }
  return { encrypted: data };
}

/** Asks for an encrypted key's passphrase (up to 3 times) and returns the key it unlocks. */
async function unlockKey(path: string, data: Buffer, prompter: HostPrompter): Promise<ParsedKey> {
  for (let attempt = 0; attempt < passphraseAttempts; attempt++) {
    const passphrase = await prompter.passphrase(path);
    const key = utils.parseKey(data, passphrase);
    if (!(key instanceof Error)) return key;
  }
  throw new UserError(
    `wrong passphrase for ${path}`,
    'Check the passphrase, or load the key into ssh-agent.',
  );
}
