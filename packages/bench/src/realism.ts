import type { FaultRule } from '@ecr-access/sandbox';

/**
 * What the benchmark's sandbox answers like (issue #8): every Kubernetes request takes 50 ms
 * and each API server admits 100 requests/s (burst 200) before answering 429 with Retry-After,
 * as API Priority and Fairness does under load; IAM takes 80 ms and admits 10 requests/s per
 * account before answering `Throttling` (HTTP 400), like the real service. STS, EKS and ECR
 * get the same 80 ms but no limit. STS and EKS see a handful of calls per cluster; ECR sees
 * one `GetRepositoryPolicy` per repository (about 48,000 at 50k × 50, one account per
 * cluster), 16 at a time per registry. ECR publishes no quota for it (its error guide gives
 * `GetAuthorizationToken`'s, 20 per second with bursts of 200): an account that throttles
 * those reads makes the audit wait (the clients' adaptive retry), which this sandbox does not
 * model, so our wall here is a lower bound for a registry that throttles.
 */
export const KUBERNETES_RATE = { rps: 100, burst: 200 };
export const IAM_RATE = { rps: 10, burst: 10 };

export const REALISM: FaultRule[] = [
  { api: 'kubernetes', latency: '50ms', rateLimit: KUBERNETES_RATE },
  { api: 'iam', latency: '80ms', rateLimit: IAM_RATE },
  { api: 'sts', latency: '80ms' },
  { api: 'eks', latency: '80ms' },
  { api: 'ecr', latency: '80ms' },
];
