import { z } from 'zod';
import { isTimeExpression, parseDurationMs } from '../time';

/**
 * The scenario file format (YAML under examples/sandbox/). Every field is
 * validated here so that a typo fails loudly with the path of the bad field
 * (see `loadScenario`), never later as a confusing wire response.
 */

const timeExpr = z
  .string()
  .refine(
    isTimeExpression,
    'expected "now", "<n><s|m|h|d|w|y> ago" or ISO time',
  );

const duration = z.union([
  z.number().nonnegative(),
  z.string().refine(text => {
    try {
      parseDurationMs(text);
      return true;
    } catch {
      return false;
    }
  }, 'expected a duration such as "500ms", "2s" or "1m"'),
]);

const accountId = z
  .string()
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1');

// DNS-1123 subdomain / label, as the API server checks them (apimachinery validation).
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'expected a DNS-1123 subdomain (lower case, digits, "-", ".")',
  );
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS-1123 label');

const stringMap = z.record(z.string(), z.string());
const image = z
  .string()
  .regex(
    /^[^\s@:/][^\s]*$/,
    'expected an image reference such as host/repo:tag',
  );

/** A policy document: a JSON string, an object, or the `ecrPull` shortcut. */
const policyDocument = z.union([
  z.string().min(1),
  z.object({ ecrPull: z.array(z.string()).min(1) }).strict(),
  z.record(z.string(), z.unknown()),
]);

const irsaTrust = z
  .object({
    cluster: z.string(),
    namespace: z.string(),
    serviceAccount: z.string(),
    /** `null` leaves out the `aud` condition (a TRUST_POLICY_TOO_BROAD case). */
    audience: z.string().nullable().default('sts.amazonaws.com'),
  })
  .strict();

const trust = z.union([
  z.object({ irsa: z.array(irsaTrust).min(1) }).strict(),
  z.object({ service: z.array(z.string()).min(1) }).strict(),
  z.object({ podIdentity: z.literal(true) }).strict(),
  z.object({ document: policyDocument }).strict(),
]);

const role = z
  .object({
    name: z.string(),
    path: z.string().default('/'),
    description: z.string().optional(),
    trust,
    inlinePolicies: z.record(z.string(), policyDocument).default({}),
    managedPolicies: z.array(z.string()).default([]),
    permissionsBoundary: z.string().optional(),
    tags: stringMap.default({}),
    createdAt: timeExpr.default('30d ago'),
  })
  .strict();

const managedPolicy = z
  .object({
    name: z.string(),
    path: z.string().default('/'),
    description: z.string().optional(),
    document: policyDocument,
    createdAt: timeExpr.default('90d ago'),
  })
  .strict();

const oidcProvider = z
  .object({
    /** Either the issuer URL, or the name of a scenario cluster. */
    url: z.string().url().optional(),
    cluster: z.string().optional(),
    clientIds: z.array(z.string()).default(['sts.amazonaws.com']),
    createdAt: timeExpr.default('60d ago'),
  })
  .strict()
  .refine(p => Boolean(p.url) !== Boolean(p.cluster), {
    message: 'give exactly one of url or cluster',
  });

const repository = z
  .object({
    name: z
      .string()
      .regex(
        /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        'expected an ECR repository name',
      ),
    region,
    policy: policyDocument.optional(),
    /** Shortcut for a repository policy allowing pulls from these account ids. */
    allowPullFrom: z.array(accountId).optional(),
    createdAt: timeExpr.default('180d ago'),
  })
  .strict();

const credential = z
  .object({
    accessKeyId: z
      .string()
      .regex(/^(AKIA|ASIA)[A-Z0-9]{12,}$/, 'expected AKIA…'),
    secretAccessKey: z.string().optional(),
    user: z.string().default('sandbox'),
  })
  .strict();

const account = z
  .object({
    id: accountId,
    name: z.string().optional(),
    credentials: z.array(credential).default([]),
    roles: z.array(role).default([]),
    policies: z.array(managedPolicy).default([]),
    oidcProviders: z.array(oidcProvider).default([]),
    repositories: z.array(repository).default([]),
  })
  .strict();

const namespace = z.union([
  dnsLabel,
  z.object({ name: dnsLabel, labels: stringMap.default({}) }).strict(),
]);

const serviceAccount = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    annotations: stringMap.default({}),
    labels: stringMap.default({}),
    imagePullSecrets: z.array(z.string()).default([]),
    createdAt: timeExpr.default('30d ago'),
  })
  .strict();

const pullSecret = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    type: z
      .enum([
        'kubernetes.io/dockerconfigjson',
        'kubernetes.io/dockercfg',
        'Opaque',
      ])
      .default('kubernetes.io/dockerconfigjson'),
    registries: z.array(z.string().min(1)).default([]),
    lastWritten: timeExpr,
    manager: z.string().default('kubectl-create'),
    createdAt: timeExpr.optional(),
    labels: stringMap.default({}),
  })
  .strict();

const workload = z
  .object({
    kind: z.enum([
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'CronJob',
      'Job',
      'Pod',
    ]),
    namespace: dnsLabel,
    name: dnsSubdomain,
    /** Shortcut for the `backstage.io/kubernetes-id` label. */
    kubernetesId: z.string().optional(),
    labels: stringMap.default({}),
    images: z.array(image).min(1),
    initImages: z.array(image).default([]),
    serviceAccount: z.string().optional(),
    imagePullSecrets: z.array(z.string()).default([]),
    replicas: z.number().int().nonnegative().default(1),
    /** Pods run on Fargate nodes (the pod execution role pulls). */
    fargate: z.boolean().default(false),
    podPhase: z
      .enum(['Running', 'ImagePullBackOff', 'Pending'])
      .default('Running'),
    schedule: z.string().optional(),
    lastSuccess: timeExpr.optional(),
    suspended: z.boolean().default(false),
    createdAt: timeExpr.default('20d ago'),
  })
  .strict();

const refresher = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    /** The pull secret this CronJob rewrites with `aws ecr get-login-password`. */
    secret: z.string(),
    registry: z.string(),
    schedule: z.string(),
    lastSuccess: timeExpr.optional(),
    suspended: z.boolean().default(false),
    /** Also create the ServiceAccount, Role (update only that secret) and RoleBinding. */
    rbac: z.boolean().default(true),
    image: image.default('public.ecr.aws/aws-cli/aws-cli:2.17.0'),
    createdAt: timeExpr.default('60d ago'),
  })
  .strict();

const policyRule = z
  .object({
    apiGroups: z.array(z.string()).default(['']),
    resources: z.array(z.string()),
    resourceNames: z.array(z.string()).optional(),
    verbs: z.array(z.string()),
  })
  .strict();

const rbacRole = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    rules: z.array(policyRule),
  })
  .strict();

const roleBinding = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    roleRef: z
      .object({ kind: z.enum(['Role', 'ClusterRole']), name: z.string() })
      .strict(),
    subjects: z.array(
      z
        .object({
          kind: z.enum(['ServiceAccount', 'User', 'Group']),
          name: z.string(),
          namespace: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

const subject = z
  .object({
    kind: z.enum(['ServiceAccount', 'User', 'Group']),
    name: z.string(),
    namespace: z.string().optional(),
  })
  .strict();

const clusterRole = z
  .object({ name: dnsSubdomain, rules: z.array(policyRule) })
  .strict();

const clusterRoleBinding = z
  .object({
    name: dnsSubdomain,
    roleRef: z
      .object({ kind: z.literal('ClusterRole'), name: z.string() })
      .strict(),
    subjects: z.array(subject),
  })
  .strict();

/** An External Secrets Operator ExternalSecret that writes a pull secret. */
const externalSecret = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    /** The Secret it writes (target.name), as kubernetes.io/dockerconfigjson. */
    secret: z.string(),
    registry: z.string(),
    /** ESO duration, e.g. `1h`, `30m`, `24h`; `0` disables refresh. */
    refreshInterval: z
      .string()
      .regex(/^(0|(\d+(h|m|s))+)$/, 'expected a duration such as 1h or 30m'),
    /** The generator kind: ECRAuthorizationToken is the ECR token generator. */
    generator: z.string().default('ECRAuthorizationToken'),
    lastRefresh: timeExpr,
    ready: z.boolean().default(true),
    createdAt: timeExpr.default('60d ago'),
  })
  .strict();

const podIdentityAssociation = z
  .object({
    namespace: dnsLabel,
    serviceAccount: z.string(),
    roleArn: z.string(),
  })
  .strict();

const cluster = z
  .object({
    name: z
      .string()
      .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]*$/, 'expected an EKS cluster name'),
    account: accountId,
    region,
    /** Defaults to https://oidc.eks.<region>.amazonaws.com/id/<hash of the name>. */
    oidcIssuer: z.string().url().optional(),
    /** Register the issuer as an IAM OIDC provider in the cluster's account. */
    oidcProvider: z.boolean().default(true),
    imagePullAuth: z.enum(['service-account-token', 'node-role']),
    version: z.string().default('1.34'),
    token: z.string().min(8).optional(),
    /** Resource plurals answered with 403 Forbidden (RBAC denies the plugin). */
    forbidden: z.array(z.string()).default([]),
    /**
     * The kubelets' instance role (name in the cluster's account, or ARN). Not visible
     * through the Kubernetes API, as on EKS; the CLI's app-config lists it as nodeRoleArns.
     */
    nodeRole: z.string().optional(),
    fargatePodExecutionRole: z.string().optional(),
    nodes: z.number().int().nonnegative().default(2),
    namespaces: z.array(namespace).default([]),
    serviceAccounts: z.array(serviceAccount).default([]),
    pullSecrets: z.array(pullSecret).default([]),
    workloads: z.array(workload).default([]),
    refreshers: z.array(refresher).default([]),
    roles: z.array(rbacRole).default([]),
    roleBindings: z.array(roleBinding).default([]),
    podIdentityAssociations: z.array(podIdentityAssociation).default([]),
    clusterRoles: z.array(clusterRole).default([]),
    clusterRoleBindings: z.array(clusterRoleBinding).default([]),
    externalSecrets: z.array(externalSecret).default([]),
    /** Serve the external-secrets.io API (default: when externalSecrets are listed). */
    externalSecretsInstalled: z.boolean().optional(),
  })
  .strict();

const faultRule = z
  .object({
    api: z.enum(['kubernetes', 'iam', 'sts', 'eks', 'ecr', '*']).default('*'),
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
export type FaultRuleInput = z.input<typeof faultRule>;
export { faultRule as faultRuleSchema };
