/**
 * The ngrok errors a Traffic Policy finding names, each as its page under https://ngrok.com/docs/errors describes it.
 */
export const policyErrors = {
  /** "Failed to parse the configuration for policy action type" (https://ngrok.com/docs/errors/err_ngrok_2203). */
  unparsableConfig: 'ERR_NGROK_2203',
  /** "Configuration for policy action type … has invalid value" (https://ngrok.com/docs/errors/err_ngrok_2204). */
  invalidValue: 'ERR_NGROK_2204',
  /** "Policy action type … does not support the … protocol" (https://ngrok.com/docs/errors/err_ngrok_2205). */
  unsupportedProtocol: 'ERR_NGROK_2205',
  /** "Invalid IP Policy Reference(s)" (https://ngrok.com/docs/errors/err_ngrok_2216). */
  invalidIpPolicy: 'ERR_NGROK_2216',
  /** "… is missing required element …" (https://ngrok.com/docs/errors/err_ngrok_2234). */
  missingElement: 'ERR_NGROK_2234',
  /** "… length of … does not satisfy minimum length of …" (https://ngrok.com/docs/errors/err_ngrok_2237). */
  tooShort: 'ERR_NGROK_2237',
  /** "… is required when … is specified" (https://ngrok.com/docs/errors/err_ngrok_2240). */
  requiredTogether: 'ERR_NGROK_2240',
} as const;
