/**
 * Where a probe's connection to a public endpoint goes. Against ngrok it is the URL's own host and port (DNS, TLS
 * with the host as SNI); against the sandbox the edge answers on 127.0.0.1 in plain text and says which actions of
 * the endpoint's policy it does not evaluate.
 */
export interface ProbeRoute {
  host: string;
  port: number;
  /** Speak TLS to host:port (SNI = servername). */
  tls: boolean;
  /** The name for SNI and the HTTP Host header: the public URL's host name. */
  servername: string;
  /** The address the endpoint sees this laptop's connections come from, when it is known (the sandbox knows it). */
  sourceAddress?: string;
  /** Policy actions on this endpoint that the route does not evaluate (the sandbox's list); empty against ngrok. */
  notEvaluated: string[];
}

/** Finds the route to a public endpoint URL; rejects when there is none (unknown host, not a sandbox endpoint). */
export type Dialer = (publicUrl: string, signal?: AbortSignal) => Promise<ProbeRoute>;
