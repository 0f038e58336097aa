import { z } from 'zod';
import {
  accountId,
  dnsLabel,
  dnsSubdomain,
  image,
  region,
  stringMap,
  timeExpr,
} from './fields';
import { listOf } from './listOf';
import { manifestEntry } from './manifestSchema';

/** A simulated EKS cluster of the scenario and the Kubernetes objects in it. */

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
    imagePullSecrets: listOf(z.string()),
    /** Who wrote it last (managedFields), e.g. kubectl-client-side-apply, helm, argocd-controller. */
    manager: z.string().default('kubectl-client-side-apply'),
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
    registries: listOf(z.string().min(1)),
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
    initImages: listOf(image),
    serviceAccount: z.string().optional(),
    imagePullSecrets: listOf(z.string()),
    /** `spec.template.spec.nodeSelector`, e.g. `eks.amazonaws.com/nodegroup: legacy`. */
    nodeSelector: stringMap.optional(),
    /** `spec.template.spec.tolerations`. */
    tolerations: listOf(
      z
        .object({
          key: z.string().optional(),
          operator: z.enum(['Equal', 'Exists']).optional(),
          value: z.string().optional(),
          effect: z
            .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
            .optional(),
        })
        .strict(),
    ),
    replicas: z.number().int().nonnegative().default(1),
    /** Pods run on Fargate nodes (the pod execution role pulls). */
    fargate: z.boolean().default(false),
    podPhase: z
      .enum(['Running', 'ImagePullBackOff', 'InvalidImageName', 'Pending'])
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

/** An EKS Fargate profile: pods matching a selector run on Fargate with its execution role. */
const fargateProfile = z
  .object({
    name: z.string(),
    /** Role name in the cluster's account, or an ARN. */
    podExecutionRole: z.string(),
    /** `*` and `?` are wildcards in the namespace, label keys and values, as in EKS. */
    selectors: z
      .array(
        z
          .object({ namespace: z.string(), labels: stringMap.default({}) })
          .strict(),
      )
      .min(1),
    /** Only an ACTIVE profile places pods. */
    status: z
      .enum([
        'CREATING',
        'ACTIVE',
        'DELETING',
        'CREATE_FAILED',
        'DELETE_FAILED',
      ])
      .default('ACTIVE'),
  })
  .strict();

/** A taint of a group's nodes (`spec.taints`). */
const nodeTaint = z
  .object({
    key: z.string(),
    value: z.string().optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  })
  .strict();

/**
 * An EKS managed node group besides the default one (`nodes`, `nodeRole`): its nodes carry
 * the label `eks.amazonaws.com/nodegroup: <name>`; EKS ListNodegroups/DescribeNodegroup
 * answer its `nodeRole`.
 */
const nodeGroup = z
  .object({
    name: dnsLabel,
    /** Role name in the cluster's account, or an ARN. */
    nodeRole: z.string(),
    nodes: z.number().int().nonnegative().default(1),
    /** Kubelet version of its nodes, e.g. `1.33`; the cluster's `version` by default. */
    kubeletVersion: z.string().optional(),
    taints: listOf(nodeTaint),
  })
  .strict();

/**
 * EC2 nodes EKS does not manage (a self-managed node group, a Karpenter NodePool): no
 * `eks.amazonaws.com/nodegroup` label and no EKS node group; their role is found only through
 * their instance's profile (EC2 DescribeInstances, IAM GetInstanceProfile).
 */
const selfManagedNodeGroup = z
  .object({
    /** Name of the group or NodePool, as the nodes' `karpenter.sh/nodepool` label. */
    name: dnsLabel,
    /**
     * Instance profile name in the cluster's account. Without one (and without `role`) the
     * instances were launched with no profile: their kubelets have no role to pull with.
     */
    instanceProfile: z.string().optional(),
    /** The profile's role: name in the cluster's account, or an ARN. */
    role: z.string().optional(),
    nodes: z.number().int().nonnegative().default(1),
    /** Kubelet version of its nodes, e.g. `1.33`; the cluster's `version` by default. */
    kubeletVersion: z.string().optional(),
    /** Labels of its nodes besides `karpenter.sh/nodepool`, as a NodePool's `template.metadata.labels`. */
    labels: stringMap.default({}),
    /** Taints of its nodes, as a NodePool's `template.spec.taints`. */
    taints: listOf(nodeTaint),
  })
  .strict()
  .refine(g => (g.instanceProfile === undefined) === (g.role === undefined), {
    message: 'expected both instanceProfile and role, or neither',
  });

const podIdentityAssociation = z
  .object({
    namespace: dnsLabel,
    serviceAccount: z.string(),
    roleArn: z.string(),
  })
  .strict();

export const cluster = z
  .object({
    name: z
      .string()
      .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]*$/, 'expected an EKS cluster name'),
    account: accountId,
    region,
    /** Defaults to https://oidc.eks.<region>.amazonaws.com/id/<hash of the name>. */
    oidcIssuer: z.url().optional(),
    /** Register the issuer as an IAM OIDC provider in the cluster's account. */
    oidcProvider: z.boolean().default(true),
    imagePullAuth: z.enum(['service-account-token', 'node-role']),
    version: z.string().default('1.34'),
    token: z.string().min(8).optional(),
    /** Resource plurals answered with 403 Forbidden (RBAC denies the plugin). */
    forbidden: listOf(z.string()),
    /**
     * The kubelets' instance role (name in the cluster's account, or ARN). Not visible
     * through the Kubernetes API, as on EKS; the CLI's app-config lists it as nodeRoleArns.
     */
    nodeRole: z.string().optional(),
    /** Shortcut: a profile `fp-default` selecting the namespaces of `fargate: true` workloads. */
    fargatePodExecutionRole: z.string().optional(),
    fargateProfiles: listOf(fargateProfile),
    nodes: z.number().int().nonnegative().default(2),
    nodeGroups: listOf(nodeGroup),
    selfManagedNodes: listOf(selfManagedNodeGroup),
    /**
     * The ClusterRole and ClusterRoleBinding that let nodes request sts.amazonaws.com tokens
     * (verb request-serviceaccounts-token-audience), which service-account-token pulls need.
     * Default: on `service-account-token` clusters.
     */
    credentialProviderRbac: z.boolean().optional(),
    namespaces: listOf(namespace),
    serviceAccounts: listOf(serviceAccount),
    pullSecrets: listOf(pullSecret),
    workloads: listOf(workload),
    refreshers: listOf(refresher),
    roles: listOf(rbacRole),
    roleBindings: listOf(roleBinding),
    podIdentityAssociations: listOf(podIdentityAssociation),
    clusterRoles: listOf(clusterRole),
    clusterRoleBindings: listOf(clusterRoleBinding),
    externalSecrets: listOf(externalSecret),
    /**
     * Raw Kubernetes objects seeded at start-up, as people write them: `file` (YAML, relative
     * to the scenario) or `object`/`objects` inline, with the times and field manager of
     * their writes.
     */
    manifests: listOf(manifestEntry),
    /** Serve the external-secrets.io API (default: when externalSecrets are listed). */
    externalSecretsInstalled: z.boolean().optional(),
    /**
     * The external-secrets.io versions served: both by default; `[v1]` as External Secrets
     * Operator v0.17 and later ("Stops serving v1beta1 apis", its release notes).
     */
    externalSecretsVersions: z
      .array(z.enum(['v1', 'v1beta1']))
      .min(1)
      .default(['v1', 'v1beta1']),
  })
  .strict();
