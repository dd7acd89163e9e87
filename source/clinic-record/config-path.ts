/**
 * The rule every ngrok.yml path clinic-tui acts on must follow, whether it comes from an answers file or from the
 * clinic record in the ngrok account (which anyone with the API key can edit): an absolute path, no `..` segment,
 * ending in `.yml` or `.yaml`. Root writes, renames and service installs go to this path, so a path that could
 * name any other file is never read from either source.
 */
export const agentConfigPathPattern = /^(?!.*(?:^|\/)\.\.(?:\/|$))\/[^\0\n]*[^/\0\n]\.ya?ml$/;

/** What the rule says, for messages. */
export const agentConfigPathRule =
  'must be an absolute path to a .yml or .yaml file, without "..", such as /etc/ngrok/ngrok.yml';
