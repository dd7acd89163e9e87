import { at, type Finding, isRecord, warning } from './finding.js';

/**
 * A tls cloud endpoint either ends TLS itself (terminate-tls) or passes the stream unopened to an internal tls://
 * endpoint, where the agent (agent_tls_termination) or the upstream ends it
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#tls-termination,
 * https://ngrok.com/docs/gateway/site-to-site-connectivity). No ngrok page shows both on one path: this warns.
 */
export function tlsPatternFindings(doc: Record<string, unknown>, scheme: string, base: string): Finding[] {
  const rules = doc.on_tcp_connect;
  if (scheme !== 'tls' || !Array.isArray(rules)) return [];
  const terminations: string[] = [];
  let forwardsToTls = false;
  rules.forEach((rule, ruleIndex) => {
    if (!isRecord(rule) || !Array.isArray(rule.actions)) return;
    rule.actions.forEach((action, actionIndex) => {
      if (!isRecord(action)) return;
      if (action.type === 'terminate-tls')
        terminations.push(at(at(at(at(base, 'on_tcp_connect'), ruleIndex), 'actions'), actionIndex));
      const url = isRecord(action.config) ? action.config.url : undefined;
      if (action.type === 'forward-internal' && typeof url === 'string' && url.startsWith('tls://'))
        forwardsToTls = true;
    });
  });
  if (!forwardsToTls) return [];
  return terminations.map((path) =>
    warning(
      path,
      'ngrok documents a tls endpoint that ends TLS with terminate-tls or one that forwards the TLS stream to an ' +
        'internal tls:// endpoint, not both; to end TLS at the clinic use agent_tls_termination on that endpoint ' +
        '(https://ngrok.com/docs/endpoints/cloud-endpoints/tls#tls-termination)',
    ),
  );
}
