/** One Traffic Policy action: a type and its optional config. */
export interface PolicyAction {
  type: string;
  config?: Record<string, unknown>;
}

/** One rule: CEL expressions (ANDed; none = match all) and the actions it runs. `actions` is required by ngrok. */
export interface PolicyRule {
  name?: string;
  expressions?: string[];
  actions: PolicyAction[];
}

/** The phases clinic-tui writes; validatePolicy also knows on_event_stream_message. */
export interface TrafficPolicy {
  on_tcp_connect?: PolicyRule[];
  on_http_request?: PolicyRule[];
  on_http_response?: PolicyRule[];
}
