import { isAbsolute } from 'node:path';

/**
 * This user's cache directory (store/paths.ts cacheDir), or undefined when there is none to use: no home directory
 * (env-paths reads it as it loads, so it is loaded here, when asked, and not at the top of a caller) or a relative
 * XDG_CACHE_HOME.
 */
export async function userCacheDir(): Promise<string | undefined> {
  try {
    const { cacheDir } = await import('../store/paths.js');
    const directory = cacheDir();
    return isAbsolute(directory) ? directory : undefined;
  } catch {
    return undefined;
  }
}
