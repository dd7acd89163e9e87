import type { Plugin } from 'esbuild';

/** string-width's source with the cheap check before the RGI emoji pattern; throws if it reads differently. */
export function withEmojiCheck(code: string, path?: string): string;

/** The esbuild plugin: string-width builds its RGI emoji pattern only for graphemes that could match it. */
export function stringWidthEmojiCheck(): Plugin;
