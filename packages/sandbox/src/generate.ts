import { ecrHost, roleArn } from './scenario/derived';
import { ScenarioInput } from './scenario/schema';

/**
 * Large scenarios for benchmarks: N entities across C clusters with a
 * realistic mix of pull mechanisms (mostly IRSA and node role, a tail of
 * rotating and static secrets, Fargate, public images) and a sprinkling of
 * common mistakes. Each entity runs about two workloads (its service and,
 * mostly, a worker). Pull roles are per team and cluster (a team's pods share
 * one `ecr-pull` ServiceAccount), as pull-only permissions usually are; runtime
 * roles are per service. Deterministic for a given seed.
 */
export interface GenerateOptions {
  entities: number;
  clusters: number;
  seed?: number;
  /**
   * One AWS account per cluster (a landing zone's workload accounts) instead of one shared
   * account. IAM's request quota is per account, so this decides how far IAM reads spread.
   */
  accountPerCluster?: boolean;
}

type Flavour =
  | 'irsa'
  | 'node'
  | 'rotating'
  | 'static'
  | 'fargate'
  | 'public'
  | 'runtime-only'
  | 'wrong-trust'
  | 'missing-sa';

/** Cumulative weights of each flavour, in percent. */
const MIX: Array<[Flavour, number]> = [
  ['irsa', 35],
  ['node', 20],
  ['rotating', 12],
  ['static', 8],
  ['fargate', 5],
  ['public', 5],
  ['runtime-only', 7],
  ['wrong-trust', 4],
  ['missing-sa', 4],
];

/** mulberry32: a tiny seeded PRNG, so that a seed names one scenario. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): Flavour {
  let roll = random() * 100;
  for (const [flavour, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return flavour;
  }
  return 'node';
}

type ClusterInput = NonNullable<ScenarioInput['clusters']>[number];
type GeneratedCluster = ClusterInput & {
  name: string;
  account: string;
  region: string;
  imagePullAuth: 'service-account-token' | 'node-role';
  serviceAccounts: NonNullable<ClusterInput['serviceAccounts']>;
  pullSecrets: NonNullable<ClusterInput['pullSecrets']>;
  refreshers: NonNullable<ClusterInput['refreshers']>;
  workloads: NonNullable<ClusterInput['workloads']>;
};

const ACCOUNT = '210987654321';
/** Share of entities that also run a worker Deployment: about two workloads per entity. */
const WORKER_SHARE = 0.9;
const TEAMS = 25;

/** The account of cluster `c`: the shared one, or one of its own. */
function accountOf(c: number, options: GenerateOptions): string {
  if (!options.accountPerCluster) return ACCOUNT;
  return String(300000000000 + c).padStart(12, '0');
}
const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
];

export function generatedEntityName(index: number): string {
  return `svc-${String(index).padStart(5, '0')}`;
}

function generatedClusters(options: GenerateOptions): GeneratedCluster[] {
  return Array.from({ length: Math.max(1, options.clusters) }, (_, c) => ({
    name: `bench-${c}`,
    account: accountOf(c, options),
    region: REGIONS[c % REGIONS.length],
    imagePullAuth: c % 2 === 0 ? 'service-account-token' : 'node-role',
    token: `bench-token-${c}`,
    nodes: 3,
    serviceAccounts: [],
    pullSecrets: [],
    refreshers: [],
    workloads: [],
  }));
}

/** The IAM roles and ECR repositories generated for one account. */
interface GeneratedAccount {
  roles: any[];
  repositories: any[];
}

/**
 * Entity `i`: its repository, its service (and, mostly, a worker) on its cluster, and what
 * its flavour adds. Draws from `random` in a fixed order, so that a seed names one scenario.
 */
function addEntity(
  i: number,
  cluster: GeneratedCluster,
  { roles, repositories }: GeneratedAccount,
  random: () => number,
) {
  const name = generatedEntityName(i);
  const namespace = `team-${i % TEAMS}`;
  const flavour = pick(random);
  const image = `${ecrHost(cluster.account, cluster.region)}/${name}/app:${
    1 + Math.floor(random() * 9)
  }.${Math.floor(random() * 20)}.0`;
  repositories.push({ name: `${name}/app`, region: cluster.region });
  const workload: any = {
    kind: random() < 0.85 ? 'Deployment' : 'StatefulSet',
    namespace,
    name,
    kubernetesId: name,
    images: [flavour === 'public' ? 'public.ecr.aws/nginx/nginx:1.27' : image],
    replicas: 1 + Math.floor(random() * 3),
  };
  addFlavour(flavour, { name, namespace, cluster, workload, roles, random });
  cluster.workloads.push(workload);
  if (random() < WORKER_SHARE) {
    // Same image, identity and secrets as the service: what a queue worker usually is.
    cluster.workloads.push({
      ...workload,
      kind: 'Deployment',
      name: `${name}-worker`,
      replicas: 1,
    });
  }
}

export function generateScenario(options: GenerateOptions): ScenarioInput {
  const random = prng(options.seed ?? 1);
  const clusters = generatedClusters(options);
  const accounts = new Map<string, GeneratedAccount>();
  for (const cluster of clusters) {
    accounts.set(cluster.account, { roles: [], repositories: [] });
  }
  for (let i = 0; i < options.entities; i++) {
    const cluster = clusters[i % clusters.length];
    addEntity(i, cluster, accounts.get(cluster.account)!, random);
  }
  return {
    name: `generated-${options.entities}x${options.clusters}-seed${
      options.seed ?? 1
    }`,
    description:
      'Generated by @ecr-access/sandbox generateScenario for benchmarks.',
    accounts: [...accounts].map(([id, { roles, repositories }]) => ({
      id,
      credentials: [
        { accessKeyId: benchmarkAccessKeyId(id), user: 'benchmark' },
      ],
      roles,
      repositories,
    })),
    clusters,
  };
}

/** The access key the generated scenario gives the benchmark user of an account. */
export function benchmarkAccessKeyId(account: string): string {
  return account === ACCOUNT
    ? 'AKIABENCHMARK0000001'
    : `AKIABENCH${account.slice(-11)}`;
}

interface FlavourContext {
  name: string;
  namespace: string;
  cluster: GeneratedCluster;
  workload: any;
  roles: any[];
  random: () => number;
}

/** A role trusting the entity's ServiceAccount, and that ServiceAccount annotated with it. */
function addIrsa(
  ctx: FlavourContext,
  trustNamespace: string,
  annotation: string,
) {
  const { name, namespace, cluster, workload, roles } = ctx;
  roles.push({
    name: `irsa-${name}`,
    trust: {
      irsa: [
        {
          cluster: cluster.name,
          namespace: trustNamespace,
          serviceAccount: name,
        },
      ],
    },
    inlinePolicies: { 'ecr-pull': { ecrPull: [`${name}/app`] } },
  });
  cluster.serviceAccounts.push({
    namespace,
    name,
    annotations: {
      [annotation]: roleArn(cluster.account, '/', `irsa-${name}`),
    },
  });
  workload.serviceAccount = name;
}

/** A pull secret, static or kept fresh by a regcred CronJob refresher. */
function addPullSecret(ctx: FlavourContext, rotating: boolean) {
  const { name, namespace, cluster, workload, random } = ctx;
  const registry = ecrHost(cluster.account, cluster.region);
  const secret = `${name}-regcred`;
  if (rotating) {
    cluster.refreshers.push({
      namespace,
      name: `${name}-ecr-refresher`,
      secret,
      registry,
      schedule: '0 */6 * * *',
      lastSuccess: `${1 + Math.floor(random() * 5)}h ago`,
      suspended: random() < 0.1,
    });
  } else {
    cluster.pullSecrets.push({
      namespace,
      name: secret,
      registries: [registry],
      lastWritten: `${2 + Math.floor(random() * 60)}h ago`,
    });
  }
  workload.imagePullSecrets = [secret];
}

/**
 * The team's pull role on this cluster, trusted by its one `ecr-pull` ServiceAccount, its
 * ECR pull policy growing with each service of the team that uses it.
 */
function addTeamPullRole(ctx: FlavourContext, annotation: string) {
  const { name, namespace, cluster, workload, roles } = ctx;
  const roleName = `ecr-pull-${namespace}-${cluster.name}`;
  let role = roles.find(r => r.name === roleName);
  if (!role) {
    role = {
      name: roleName,
      trust: {
        irsa: [
          { cluster: cluster.name, namespace, serviceAccount: 'ecr-pull' },
        ],
      },
      inlinePolicies: { 'ecr-pull': { ecrPull: [] } },
    };
    roles.push(role);
    cluster.serviceAccounts.push({
      namespace,
      name: 'ecr-pull',
      annotations: { [annotation]: roleArn(cluster.account, '/', roleName) },
    });
  }
  role.inlinePolicies['ecr-pull'].ecrPull.push(`${name}/app`);
  workload.serviceAccount = 'ecr-pull';
}

function addFlavour(flavour: Flavour, ctx: FlavourContext) {
  const pullAnnotation =
    ctx.cluster.imagePullAuth === 'service-account-token'
      ? 'eks.amazonaws.com/ecr-role-arn'
      : 'eks.amazonaws.com/role-arn';
  switch (flavour) {
    case 'irsa':
      return addTeamPullRole(ctx, pullAnnotation);
    case 'runtime-only':
      return addIrsa(ctx, ctx.namespace, 'eks.amazonaws.com/role-arn');
    case 'wrong-trust':
      return addIrsa(
        ctx,
        `${ctx.namespace}-staging`,
        'eks.amazonaws.com/ecr-role-arn',
      );
    case 'missing-sa':
      ctx.workload.serviceAccount = `${ctx.name}-sa`;
      return undefined;
    case 'rotating':
    case 'static':
      return addPullSecret(ctx, flavour === 'rotating');
    case 'fargate':
      ctx.workload.fargate = true;
      ctx.workload.kind = 'Deployment';
      return undefined;
    default:
      return undefined;
  }
}

/** Catalog Components matching a generated scenario, for benchmark catalogs. */
export function generateCatalogEntities(options: GenerateOptions) {
  return Array.from({ length: options.entities }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: generatedEntityName(i),
      annotations: { 'backstage.io/kubernetes-id': generatedEntityName(i) },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/team-${i % 25}`,
    },
  }));
}
