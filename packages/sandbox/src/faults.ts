import { z } from 'zod';
import { faultRuleSchema } from './scenario/schema';
import { parseDurationMs } from './time';
import { TokenBucket } from './tokenBucket';

/**
 * Fault injection and request counting, shared by the Kubernetes and AWS
 * servers. Rules match by API, cluster and operation (globs with `*`), and can
 * be replaced at run time (`setFaults`). The benchmarks read the counters.
 *
 * Operation names: Kubernetes `<verb>:<plural>` (`list:secrets`,
 * `patch:serviceaccounts`); AWS the action name (`GetRole`, `DescribeCluster`).
 */
export type FaultApi = 'kubernetes' | 'iam' | 'sts' | 'eks' | 'ecr' | 'ec2';

export type FaultRule = z.input<typeof faultRuleSchema>;

/** What the server should do to one request. */
interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  error?: InjectedError;
}

export type InjectedError =
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'internal' }
  | { kind: 'unavailable' }
  | { kind: 'custom'; status: number; code: string; message?: string };

interface ActiveRule {
  rule: z.output<typeof faultRuleSchema>;
  operation: RegExp;
  hits: number;
  /** Rate-limit buckets by cluster (Kubernetes) or account (AWS). */
  buckets: Map<string, TokenBucket>;
}

function glob(pattern: string | undefined): RegExp {
  if (!pattern) return /^.*$/;
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function latencyOf(rule: ActiveRule['rule'], random: () => number): number {
  const latency = rule.latency;
  if (latency === undefined) return 0;
  if (typeof latency === 'object') {
    const min = parseDurationMs(latency.min);
    const max = parseDurationMs(latency.max);
    return min + random() * (max - min);
  }
  return parseDurationMs(latency);
}

export class FaultController {
  private rules: ActiveRule[] = [];
  private readonly counters = new Map<string, number>();
  private readonly refused = new Map<string, number>();

  constructor(
    rules: FaultRule[] = [],
    private readonly random: () => number = Math.random,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.set(rules);
  }

  /** Replaces every rule; throws with the bad field's path on an invalid rule. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((raw, index) => {
      const parsed = faultRuleSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `faults[${index}].${issue.path.join('.')}: ${issue.message}`,
        );
      }
      return {
        rule: parsed.data,
        operation: glob(parsed.data.operation),
        hits: 0,
        buckets: new Map(),
      };
    });
  }

  private matching(
    api: FaultApi,
    operation: string | undefined,
    cluster?: string,
  ) {
    return this.rules.filter(
      ({ rule, operation: pattern }) =>
        (rule.api === '*' || rule.api === api) &&
        (!rule.cluster || rule.cluster === cluster) &&
        (operation === undefined ? !rule.operation : pattern.test(operation)),
    );
  }

  /** Whether a cluster (api `kubernetes`) or an AWS service is down. */
  isDown(api: FaultApi, cluster?: string): boolean {
    return this.matching(api, undefined, cluster).some(({ rule }) => rule.down);
  }

  /** Past a rate limit: the throttle error, with the wait until the next token (at least 1 s, as headers carry whole seconds). */
  private rateLimited(
    active: ActiveRule,
    scope: string,
  ): InjectedError | undefined {
    const limit = active.rule.rateLimit;
    if (!limit) return undefined;
    let bucket = active.buckets.get(scope);
    if (!bucket) {
      bucket = new TokenBucket(limit.rps, limit.burst ?? limit.rps, this.clock);
      active.buckets.set(scope, bucket);
    }
    const taken = bucket.take();
    if (taken.ok) return undefined;
    return {
      kind: 'throttle',
      retryAfterSeconds: Math.max(1, Math.ceil(taken.waitMs / 1000)),
    };
  }

  /**
   * Counts the request and decides its fate. `account` scopes AWS rate limits: IAM's
   * request quota is per account, not per caller or per endpoint.
   */
  decide(
    api: FaultApi,
    operation: string,
    cluster?: string,
    account?: string,
  ): FaultDecision {
    const counterKey = cluster
      ? `${api}:${cluster}/${operation}`
      : `${api}/${operation}`;
    this.counters.set(counterKey, (this.counters.get(counterKey) ?? 0) + 1);
    const decision: FaultDecision = { latencyMs: 0, drop: false };
    for (const active of this.matching(api, operation, cluster)) {
      const { rule } = active;
      decision.latencyMs += latencyOf(rule, this.random);
      const throttled = decision.error
        ? undefined
        : this.rateLimited(active, cluster ?? account ?? '');
      if (throttled) {
        this.refused.set(counterKey, (this.refused.get(counterKey) ?? 0) + 1);
        decision.error = throttled;
        active.hits++;
        continue;
      }
      if (rule.times !== undefined && active.hits >= rule.times) continue;
      if (rule.down) {
        decision.drop = true;
      } else if (rule.dropRate && this.random() < rule.dropRate) {
        decision.drop = true;
      } else if (
        rule.error !== undefined &&
        this.random() < (rule.errorRate ?? 1)
      ) {
        decision.error = toInjected(rule);
      } else {
        continue;
      }
      active.hits++;
    }
    return decision;
  }

  /** Requests per `<api>[:<cluster>]/<operation>`, e.g. `kubernetes:prod/list:secrets`, `iam/GetRole`. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.counters.entries()].sort());
  }

  /** Requests refused by a `rateLimit` rule, keyed as {@link FaultController.counts}. */
  rateLimitedCounts(): Record<string, number> {
    return Object.fromEntries([...this.refused.entries()].sort());
  }

  resetCounts(): void {
    this.counters.clear();
    this.refused.clear();
  }
}

function toInjected(rule: ActiveRule['rule']): InjectedError {
  const error = rule.error!;
  if (typeof error === 'object') {
    return { kind: 'custom', ...error };
  }
  if (error === 'throttle') {
    return { kind: 'throttle', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
  }
  return { kind: error };
}

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));
