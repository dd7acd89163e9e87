import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini with English messages: every schema of the product is built from this module. zod/mini is zod's
 * functional, tree-shakable API (a schema carries no methods, so the bundle holds only what is used and building a
 * schema costs less at every start), but unlike classic zod it sets no locale: without one, every message zod
 * writes itself ("Too big: expected string to have <=200 characters") would read "Invalid input".
 */
config(en());

export * from 'zod/mini';
