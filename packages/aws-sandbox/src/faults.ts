/** The AWS service a call went to. */
export type SandboxService =
  | 'ec2'
  | 'ecs'
  | 'sts'
  | 'route53'
  | 'route53profiles'
  | 'efs'
  | 'ecr';

/** What a fault does to a call. */
export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'access-denied'
  | 'hang'
  /** A 200 whose body is cut off mid-document, as from a broken proxy. */
  | 'malformed'
  /** A 200 in the right shape that holds nothing: no item sets, no lists (EC2 `<XResponse>` with only its requestId, ECS `{}`). */
  | 'empty'
  /** A 200 text/html page where XML or JSON was due, as a proxy or captive portal sends. */
  | 'html';

/**
 * A fault rule: which calls it hits and how. With neither `everyNth` nor `times` it hits every
 * matching call; `everyNth: 3` hits the 3rd, 6th, ... matching call; `times: 2` stops after
 * hitting twice (so `{ kind: 'throttle', times: 2 }` is "throttled twice, then fine").
 */
export interface FaultRule {
  /** The API action (`DescribeSubnets`); any when unset. */
  action?: string;
  service?: SandboxService;
  kind: FaultKind;
  everyNth?: number;
  times?: number;
}

interface RuleState {
  rule: FaultRule;
  matched: number;
  fired: number;
}

/** Decides, call by call, which fault (if any) applies. First matching rule that fires wins. */
export class FaultPlan {
  private states: RuleState[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces the rules and resets their counters. */
  set(rules: FaultRule[]): void {
    this.states = rules.map(rule => ({ rule, matched: 0, fired: 0 }));
  }

  /** The rules in force. */
  rules(): FaultRule[] {
    return this.states.map(s => s.rule);
  }

  /** The fault for this call, counting it against every rule it matches. */
  next(call: {
    service: SandboxService;
    action: string;
  }): FaultKind | undefined {
    let chosen: FaultKind | undefined;
    for (const state of this.states) {
      const { rule } = state;
      if (rule.action && rule.action !== call.action) continue;
      if (rule.service && rule.service !== call.service) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      state.matched += 1;
      const due = state.matched % (rule.everyNth ?? 1) === 0;
      if (due && chosen === undefined) {
        state.fired += 1;
        chosen = rule.kind;
      }
    }
    return chosen;
  }
}
