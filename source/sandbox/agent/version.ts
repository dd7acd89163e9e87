/** The simulated agent's version; `ngrok version` prints it with the real agent's prefix so parsers work. */
export const simulatedVersion = '3.22.1';

/** The `ngrok version` line, marked as a simulation. */
export const versionLine = `ngrok version ${simulatedVersion}-sandbox-simulation`;
