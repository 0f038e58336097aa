import { z } from 'zod';
import { account } from './accountSchema';
import { cluster } from './clusterSchema';
import { duration, policyDocument } from './fields';

/**
 * The scenario file format (YAML under examples/sandbox/). Every field is
 * validated here so that a typo fails loudly with the path of the bad field
 * (see `loadScenario`), never later as a confusing wire response.
 */

const faultRule = z
  .object({
    api: z
      .enum(['kubernetes', 'iam', 'sts', 'eks', 'ecr', 'ec2', '*'])
      .default('*'),
    cluster: z.string().optional(),
    operation: z.string().optional(),
    latency: z
      .union([duration, z.object({ min: duration, max: duration })])
      .optional(),
    errorRate: z.number().min(0).max(1).optional(),
    error: z
      .union([
        z.enum(['throttle', 'internal', 'unavailable']),
        z.object({
          status: z.number().int(),
          code: z.string(),
          message: z.string().optional(),
        }),
      ])
      .optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    dropRate: z.number().min(0).max(1).optional(),
    down: z.boolean().optional(),
    times: z.number().int().positive().optional(),
    /**
     * A token bucket per Kubernetes cluster, or per AWS account and service: past it,
     * Kubernetes answers 429 with Retry-After and AWS its throttling error (IAM `Throttling`).
     * `burst` defaults to `rps`.
     */
    rateLimit: z
      .object({
        rps: z.number().positive(),
        burst: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().default('scenario'),
    description: z.string().optional(),
    accounts: z.array(account).default([]),
    clusters: z.array(cluster).default([]),
    /** IAM eventual consistency: a role created through the API stays invisible this long. */
    iamPropagation: duration.default(0),
    /** Answer unknown access keys with InvalidClientTokenId instead of acting as the first account. */
    strictCredentials: z.boolean().default(false),
    faults: z.array(faultRule).default([]),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioCluster = Scenario['clusters'][number];
export type ScenarioAccount = Scenario['accounts'][number];
export type ScenarioRole = ScenarioAccount['roles'][number];
export type ScenarioWorkload = ScenarioCluster['workloads'][number];
export type PolicyDocumentInput = z.output<typeof policyDocument>;
export { faultRule as faultRuleSchema };
