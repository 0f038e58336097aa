import { randomBytes } from 'node:crypto';
import { RequestListener } from 'node:http';
import { createAwsHandler } from './aws/server';
import { buildAwsState } from './aws/state';
import { FaultController, FaultRule } from './faults';
import { readBody, RestartableServer, sendJson } from './http';
import { SimulatedCluster } from './k8s/cluster';
import { seedCluster } from './k8s/seed';
import { createK8sHandler } from './k8s/server';
import { clusterIssuer } from './scenario/derived';
import { toScenario } from './scenario/load';
import { manifestObjectsOf } from './scenario/manifestSchema';
import { Scenario, ScenarioCluster, ScenarioInput } from './scenario/schema';
import { AwsState } from './aws/model';

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions {
  /** A parsed scenario, scenario input (validated here) or the path of a YAML file. */
  scenario: Scenario | ScenarioInput | string;
  /** Initial fault rules (added to the scenario's own `faults`). */
  faults?: FaultRule[];
  /** AWS listens on `port`, cluster i on `port + 1 + i`; random ports when omitted. */
  port?: number;
  /** "now" for the scenario's relative times; the sandbox clock advances from it. */
  now?: Date;
  /** Clusters also accept requests without any Authorization header (for kubectl over plain HTTP). */
  allowAnonymous?: boolean;
  /** Source of randomness for latency ranges and error rates (tests pass a fixed one). */
  random?: () => number;
}

export interface SandboxCluster {
  name: string;
  /** Kubernetes API server URL (plain HTTP on 127.0.0.1). */
  url: string;
  /** Bearer token the cluster accepts. */
  token: string;
  /** Always undefined: the sandbox serves plain HTTP. */
  caData?: string;
  account: string;
  region: string;
  oidcIssuer: string;
  imagePullAuth: 'service-account-token' | 'node-role';
}

export interface Sandbox {
  clusters: SandboxCluster[];
  /** For `endpoint` / `AWS_ENDPOINT_URL`: IAM, STS, EKS, ECR and EC2 all answer here. */
  awsEndpoint: string;
  scenario: Scenario;
  /** Whether clusters accept requests without an Authorization header. */
  anonymous: boolean;
  /** The marker inside every secret value and CronJob credential of the scenario. */
  canary: string;
  requestCounts(): Record<string, number>;
  /** Of those, the requests a `rateLimit` fault rule refused (429 / Throttling). */
  rateLimitedCounts(): Record<string, number>;
  resetRequestCounts(): void;
  /** Replaces the fault rules; resolves once down clusters stopped listening (or came back). */
  setFaults(rules: FaultRule[]): Promise<void>;
  /** Simulates etcd compaction: outstanding continue tokens answer 410 Gone. */
  expireContinueTokens(cluster?: string): void;
  /** IAM eventual consistency: roles created from now on stay invisible to reads and STS this long. */
  setIamPropagation(ms: number): void;
  stop(): Promise<void>;
}

interface RunningCluster {
  cluster: SimulatedCluster;
  server: RestartableServer;
  info: SandboxCluster;
}

interface Shared {
  options: StartSandboxOptions;
  faults: FaultController;
  clock: () => Date;
  now: Date;
  canary: string;
}

function buildCluster(spec: ScenarioCluster, shared: Shared): RunningCluster {
  const token =
    spec.token ?? `sandbox-${spec.name}-${randomBytes(12).toString('hex')}`;
  const esoInstalled =
    spec.externalSecretsInstalled ??
    (spec.externalSecrets.length > 0 ||
      manifestObjectsOf(spec).some(o => o.object.kind === 'ExternalSecret'));
  const cluster = new SimulatedCluster({
    name: spec.name,
    token,
    forbidden: spec.forbidden,
    version: spec.version,
    clock: shared.clock,
    allowAnonymous: shared.options.allowAnonymous,
    // One CRD name per served version, so that a version can be left unserved (404).
    crds: [
      ...(esoInstalled
        ? spec.externalSecretsVersions.map(v =>
            v === 'v1' ? 'external-secrets' : 'external-secrets-v1beta1',
          )
        : []),
      // Argo Rollouts is installed where the scenario's manifests hold a Rollout.
      ...(manifestObjectsOf(spec).some(o => o.object.kind === 'Rollout')
        ? (['argo-rollouts'] as const)
        : []),
    ],
  });
  seedCluster(cluster, spec, { now: shared.now, canary: shared.canary });
  const server = new RestartableServer(
    createK8sHandler(cluster, shared.faults),
  );
  const info: SandboxCluster = {
    name: spec.name,
    url: '',
    token,
    account: spec.account,
    region: spec.region,
    oidcIssuer: clusterIssuer(spec),
    imagePullAuth: spec.imagePullAuth,
  };
  return { cluster, server, info };
}

/** AWS on `port`, cluster i on `port + 1 + i`, or all on random ports. */
async function listenAll(
  awsServer: RestartableServer,
  running: RunningCluster[],
  awsState: AwsState,
  port: number | undefined,
): Promise<number> {
  try {
    const awsPort = await awsServer.start(port ?? 0);
    for (const [i, entry] of running.entries()) {
      const clusterPort = await entry.server.start(port ? port + 1 + i : 0);
      entry.info.url = `http://127.0.0.1:${clusterPort}`;
      const eks = awsState.clusters.find(c => c.name === entry.info.name)!;
      eks.endpoint = entry.info.url;
    }
    return awsPort;
  } catch (error) {
    // A port in use: release whatever did start before reporting it.
    await Promise.all([awsServer.stop(), ...running.map(r => r.server.stop())]);
    throw error;
  }
}

/**
 * What every simulator of one sandbox shares: the scenario's `now` and a clock that runs on
 * from it, a fresh canary, and the fault rules (the scenario's, then the options').
 */
function sharedOf(options: StartSandboxOptions, scenario: Scenario): Shared {
  const now = options.now ?? new Date();
  const offset = now.getTime() - Date.now();
  return {
    options,
    now,
    clock: () => new Date(Date.now() + offset),
    canary: `ECR_ACCESS_CANARY_${randomBytes(8).toString('hex')}`,
    faults: new FaultController(
      [...scenario.faults, ...(options.faults ?? [])],
      options.random,
    ),
  };
}

/** A down cluster stops listening, so that clients get a real ECONNREFUSED. */
async function applyDownState(
  running: RunningCluster[],
  faults: FaultController,
) {
  for (const entry of running) {
    if (faults.isDown('kubernetes', entry.info.name)) {
      await entry.server.stop();
    } else {
      await entry.server.start();
    }
  }
}

export async function startSandbox(
  options: StartSandboxOptions,
): Promise<Sandbox> {
  const scenario = toScenario(options.scenario);
  const shared = sharedOf(options, scenario);
  const { faults, now } = shared;
  const awsState = buildAwsState(scenario, now, shared.clock);
  const running = scenario.clusters.map(spec => buildCluster(spec, shared));
  const handle: { sandbox?: Sandbox } = {};
  const awsServer = new RestartableServer(
    withControl(createAwsHandler(awsState, faults), () => handle.sandbox!),
  );
  const awsPort = await listenAll(awsServer, running, awsState, options.port);

  await applyDownState(running, faults);

  handle.sandbox = {
    clusters: running.map(r => r.info),
    awsEndpoint: `http://127.0.0.1:${awsPort}`,
    scenario,
    anonymous: Boolean(options.allowAnonymous),
    canary: shared.canary,
    requestCounts: () => faults.counts(),
    rateLimitedCounts: () => faults.rateLimitedCounts(),
    resetRequestCounts: () => faults.resetCounts(),
    async setFaults(rules) {
      faults.set(rules);
      await applyDownState(running, faults);
    },
    expireContinueTokens(name) {
      for (const entry of running) {
        if (!name || entry.info.name === name) entry.cluster.store.compact();
      }
    },
    setIamPropagation(ms) {
      awsState.propagationMs = ms;
    },
    async stop() {
      await Promise.all([
        awsServer.stop(),
        ...running.map(r => r.server.stop()),
      ]);
    },
  };
  return handle.sandbox;
}

/**
 * A small control API beside AWS, for the demo and manual testing:
 * `GET /_sandbox/clusters`, `GET /_sandbox/counts`, `PUT /_sandbox/faults`
 * (a JSON array of fault rules). No AWS path starts with `/_sandbox`.
 */
function withControl(
  aws: RequestListener,
  sandbox: () => Sandbox,
): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith('/_sandbox/')) {
      aws(req, res);
      return;
    }
    if (req.method === 'GET' && path === '/_sandbox/clusters') {
      sendJson(res, 200, sandbox().clusters);
    } else if (req.method === 'GET' && path === '/_sandbox/counts') {
      sendJson(res, 200, sandbox().requestCounts());
    } else if (req.method === 'PUT' && path === '/_sandbox/faults') {
      readBody(req)
        .then(body => sandbox().setFaults(JSON.parse(body || '[]')))
        .then(() => sendJson(res, 200, { ok: true }))
        .catch(error =>
          sendJson(res, 400, { error: String(error.message ?? error) }),
        );
    } else {
      sendJson(res, 404, { error: `unknown control path ${path}` });
    }
  };
}
