import { configChecks } from './action-checks.js';
import { actionSpecs, handlingPhase, isTerminating, type Phase, phases, phasesFor } from './actions.js';
import { policyErrors } from './error-codes.js';
import { at, error, type Finding, isRecord, warning } from './finding.js';
import { headerNameFindings } from './headers.js';
import { tlsPatternFindings } from './tls-patterns.js';

/** The endpoint a policy is for: its scheme decides the phases; a cloud endpoint must handle all traffic itself. */
export interface PolicyContext {
  scheme: 'http' | 'https' | 'tls' | 'tcp';
  cloud: boolean;
}

const ruleKeys = ['name', 'expressions', 'actions'];

/**
 * Checks a parsed Traffic Policy document against ngrok's rules (https://ngrok.com/docs/traffic-policy/how-it-works).
 * Every finding names the ngrok error the API or agent would otherwise answer with. `base` prefixes paths when the
 * policy sits inside another document.
 */
export function validatePolicy(doc: unknown, ctx: PolicyContext, base = ''): Finding[] {
  const top = base === '' ? '(top level)' : base;
  if (!isRecord(doc))
    return [
      error(
        top,
        'a policy is a mapping of phase → list of rules, such as on_tcp_connect: [...] (ERR_NGROK_2236)',
      ),
    ];
  const allowed = phasesFor(ctx.scheme);
  const findings: Finding[] = [];
  const authActions: string[] = [];
  let handled = false;
  for (const [key, rules] of Object.entries(doc)) {
    const path = at(base, key);
    if (!(phases as readonly string[]).includes(key)) {
      findings.push(error(path, `is not a phase; use ${allowed.join(' or ')} (ERR_NGROK_2230)`));
      continue;
    }
    if (!allowed.includes(key as Phase)) {
      findings.push(error(path, `${ctx.scheme} endpoints run only ${allowed.join(', ')} (ERR_NGROK_2230)`));
      continue;
    }
    if (!Array.isArray(rules)) {
      findings.push(error(path, 'must be a list of rules, each with actions (ERR_NGROK_2236)'));
      continue;
    }
    const result = validatePhase(rules, key as Phase, path, ctx);
    findings.push(...result.findings);
    authActions.push(...result.authPaths);
    if (key === handlingPhase(ctx.scheme) && result.handlesAll) handled = true;
  }
  findings.push(...tlsPatternFindings(doc, ctx.scheme, base));
  for (const path of authActions.slice(1))
    findings.push(error(path, 'an endpoint may hold only one authentication action (ERR_NGROK_2239)'));
  if (ctx.cloud && !handled)
    findings.push(
      error(
        at(base, handlingPhase(ctx.scheme)),
        'a cloud endpoint must end with a rule without expressions whose last action is terminating, such as ' +
          'forward-internal; otherwise traffic is left unhandled (ERR_NGROK_2235)',
      ),
    );
  return findings;
}

interface PhaseResult {
  findings: Finding[];
  authPaths: string[];
  /** True when some reachable rule with no expressions ends in a terminating action. */
  handlesAll: boolean;
}

function validatePhase(rules: unknown[], phase: Phase, path: string, ctx: PolicyContext): PhaseResult {
  const result: PhaseResult = { findings: [], authPaths: [], handlesAll: false };
  rules.forEach((rule, index) => {
    const rulePath = at(path, index);
    if (result.handlesAll) {
      result.findings.push(
        error(
          rulePath,
          'is unreachable: an earlier rule without expressions already ended evaluation (ERR_NGROK_2207)',
        ),
      );
    }
    if (!isRecord(rule)) {
      result.findings.push(error(rulePath, 'a rule must be a mapping with actions (ERR_NGROK_2236)'));
      return;
    }
    if (rule.actions === undefined && typeof rule.type === 'string') {
      result.findings.push(
        error(
          rulePath,
          `a bare ${rule.type} action at rule level; put it in a rule's actions list (ERR_NGROK_2206)`,
        ),
      );
      return;
    }
    for (const key of Object.keys(rule).filter((k) => !ruleKeys.includes(k)))
      result.findings.push(
        error(at(rulePath, key), 'is not a rule key; rules have name, expressions, actions (ERR_NGROK_2236)'),
      );
    const conditional = checkExpressions(rule.expressions, at(rulePath, 'expressions'), result.findings);
    if (!Array.isArray(rule.actions) || rule.actions.length === 0) {
      const why = conditional
        ? 'expressions only select traffic; put the actions to run (such as deny) in the same rule'
        : 'give this rule an actions list';
      result.findings.push(
        error(at(rulePath, 'actions'), `a rule must have at least one action: ${why} (ERR_NGROK_2206)`),
      );
      return;
    }
    const terminated = validateActions(rule.actions, phase, at(rulePath, 'actions'), ctx, result);
    if (terminated && !conditional) result.handlesAll = true;
  });
  return result;
}

/** Checks a rule's expressions; true when the rule is conditional (has at least one expression). */
function checkExpressions(expressions: unknown, path: string, findings: Finding[]): boolean {
  if (expressions === undefined) return false;
  if (!Array.isArray(expressions) || !expressions.every((e) => typeof e === 'string')) {
    findings.push(error(path, 'must be a list of CEL strings (ERR_NGROK_2236)'));
    return true;
  }
  expressions.forEach((expression: string, index) => {
    findings.push(...headerNameFindings(expression, at(path, index)));
  });
  return expressions.length > 0;
}

/** Checks each action; true when the list ends in a terminating action. */
function validateActions(
  actions: unknown[],
  phase: Phase,
  path: string,
  ctx: PolicyContext,
  result: PhaseResult,
): boolean {
  let terminatedAt: number | undefined;
  actions.forEach((action, index) => {
    const actionPath = at(path, index);
    if (terminatedAt !== undefined)
      result.findings.push(
        error(
          actionPath,
          `is unreachable after the terminating action at [${terminatedAt}] (ERR_NGROK_2207)`,
        ),
      );
    if (!isRecord(action) || typeof action.type !== 'string') {
      result.findings.push(
        error(actionPath, 'an action needs a type, such as forward-internal (ERR_NGROK_2201)'),
      );
      return;
    }
    result.findings.push(...validateAction(action, phase, actionPath, ctx));
    if (actionSpecs[action.type]?.auth) result.authPaths.push(actionPath);
    if (terminatedAt === undefined && isTerminating({ type: action.type, config: action.config }))
      terminatedAt = index;
  });
  return terminatedAt !== undefined;
}

function validateAction(
  action: Record<string, unknown>,
  phase: Phase,
  path: string,
  ctx: PolicyContext,
): Finding[] {
  const type = action.type as string;
  const spec = actionSpecs[type];
  if (!spec) return [error(at(path, 'type'), `"${type}" is not a Traffic Policy action (ERR_NGROK_2201)`)];
  const findings: Finding[] = [];
  for (const key of Object.keys(action).filter((k) => k !== 'type' && k !== 'config'))
    findings.push(error(at(path, key), `is not an action key; put settings under config (ERR_NGROK_2203)`));
  if (!spec.phases.includes(phase))
    findings.push(
      error(
        at(path, 'type'),
        `${type} cannot run in ${phase}; it runs in ${spec.phases.join(', ')} (ERR_NGROK_2202)`,
      ),
    );
  if (action.config !== undefined && !isRecord(action.config))
    return [...findings, error(at(path, 'config'), 'must be a mapping (ERR_NGROK_2203)')];
  const config = (action.config ?? {}) as Record<string, unknown>;
  for (const key of spec.required ?? [])
    if (config[key] === undefined)
      findings.push(
        error(at(at(path, 'config'), key), `${type} requires ${key} (${policyErrors.missingElement})`),
      );
  if (spec.fields)
    for (const key of Object.keys(config).filter((k) => !spec.fields?.includes(k)))
      findings.push(
        warning(
          at(at(path, 'config'), key),
          `is not a known ${type} setting (ERR_NGROK_2203 if ngrok agrees)`,
        ),
      );
  findings.push(...(configChecks[type]?.(config, { path, scheme: ctx.scheme }) ?? []));
  return findings;
}
