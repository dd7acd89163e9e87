/**
 * How the host adapter asks the person at the keyboard. The UI injects an implementation (Ink or plain prompts);
 * headless runs use one that refuses with a UserError that says which flag or answers-file key to use instead.
 */
export interface HostKeyInfo {
  /** host or [host]:port, as known_hosts names it */
  host: string;
  keyType: string;
  /** SHA256:… as ssh-keygen -lf prints it */
  fingerprint: string;
}

export interface HostPrompter {
  confirmHostKey(info: HostKeyInfo): Promise<boolean>;
  passphrase(keyPath: string): Promise<string>;
  password(userAtHost: string): Promise<string>;
  sudoPassword(userAtHost: string): Promise<string>;
}
