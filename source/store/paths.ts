import envPaths from 'env-paths';

/** The directory for local state: CLINIC_TUI_HOME, or the per-OS config directory conf would use. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.CLINIC_TUI_HOME;
  if (override && override.trim() !== '') return override;
  return envPaths('clinic-tui', { suffix: 'nodejs' }).config;
}

/** The per-OS cache directory (XDG_CACHE_HOME on Linux): what can be rebuilt, such as the compiled-code cache. */
export function cacheDir(): string {
  return envPaths('clinic-tui', { suffix: 'nodejs' }).cache;
}
