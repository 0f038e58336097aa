// The entity card's states for the gallery page: an entity and the status the API answers
// for it, one per state the card can be in. Times are relative to `now`, so that ages read as
// in a live app.
import {
  ACCOUNT,
  container,
  finding,
  status,
  workload,
  type Cluster,
  type Status,
} from './builders';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One state of the card: its entity (name and annotations) and what the API answers. */
export interface CardState {
  /** Stable id: the gallery's anchors and the browser test use it. */
  id: string;
  /** What the state is, as the gallery titles it. */
  label: string;
  name: string;
  annotations: Record<string, string>;
  /** Absent: the API has no status for the entity (not audited). */
  status?: Status;
}

const byId = (name: string) => ({ 'backstage.io/kubernetes-id': name });
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/irsa/${name}`;

/** Statuses read on prod-use1 at `at`. */
function readOn(at: string): Cluster[] {
  return [
    { cluster: 'prod-use1', reachable: true, checkedAt: at, lastSuccessAt: at },
  ];
}

function irsa(at: string, trustError?: string): Status {
  const name = trustError ? 'shipping-api' : 'payments-api';
  const findings = trustError
    ? [finding('TRUST_POLICY_MISMATCH', 'error', `Role ${name}`, trustError)]
    : [];
  const c = container(name, {
    pullAuth: 'service-account-role',
    pullRoleArn: role(name),
    findings,
    health: trustError ? 'error' : 'ok',
  });
  const w = {
    ...workload(name, c, at),
    runtimeIdentity: 'irsa' as const,
    runtimeRoleArn: role(name),
    ecrRoleArn: role(name),
  };
  const summary = trustError
    ? `Pulls with IRSA (role ${name}) on prod-use1 fail: ${trustError}`
    : `Pulls use IRSA (role ${name}) on prod-use1`;
  return status(name, summary, [w], readOn(at));
}

function rotatingSecret(now: number, at: string): Status {
  const written = new Date(now - 3 * HOUR).toISOString();
  const c = container('orders-worker', {
    pullAuth: 'rotating-secret',
    secret: {
      namespace: 'orders',
      name: 'regcred',
      lastWriteAt: written,
      expiresAt: new Date(now + 9 * HOUR).toISOString(),
      writer: 'kubectl-create',
      refresher: {
        kind: 'CronJob',
        namespace: 'orders',
        name: 'ecr-registry-helper',
        schedule: '0 */6 * * *',
        intervalSeconds: 21_600,
        suspended: false,
        lastSuccessAt: written,
        writeAccess: 'scoped',
        namedIn: [{ source: 'envFrom', configMap: 'ecr-registry-helper-cm' }],
      },
    },
  });
  return status(
    'orders-worker',
    'Pulls use a rotating secret, refreshed 3 h ago by CronJob ecr-registry-helper',
    [workload('orders-worker', c, at)],
    readOn(at),
  );
}

/** A static secret written `age` ago: 12 h later its token expires. */
function staticSecret(now: number, at: string, age: number): Status {
  const name = age > 12 * HOUR ? 'legacy-billing' : 'invoice-renderer';
  const expiresAt = now - age + 12 * HOUR;
  const hours = Math.floor(Math.abs(expiresAt - now) / HOUR);
  const expired = expiresAt <= now;
  const subject = `Secret billing/${name}-regcred`;
  const message = expired
    ? `the ECR token in ${name}-regcred expired ${hours} h ago (written ${Math.floor(
        age / HOUR,
      )} h ago)`
    : `the ECR token in ${name}-regcred expires in ${hours} h and nothing refreshes it`;
  const f = expired
    ? finding('SECRET_EXPIRED', 'error', subject, message)
    : finding('SECRET_EXPIRES_SOON', 'warning', subject, message);
  const c = container(name, {
    pullAuth: 'static-secret',
    secret: {
      namespace: 'billing',
      name: `${name}-regcred`,
      lastWriteAt: new Date(now - age).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      writer: 'kubectl-create',
    },
    findings: [f],
    health: expired ? 'error' : 'warning',
  });
  const summary = expired
    ? `Pulls use a static secret that expired ${hours} h ago`
    : `Pulls use a static secret that expires in ${hours} h`;
  return status(name, summary, [workload(name, c, at)], readOn(at));
}

/** A cluster down since `since`, last read at `lastRead` (never when absent). */
function down(cluster: string, at: string, since: string, lastRead?: string) {
  return {
    cluster,
    reachable: false,
    checkedAt: at,
    unreachableSince: since,
    ...(lastRead ? { lastSuccessAt: lastRead } : {}),
    error: 'connect ECONNREFUSED <redacted>',
  };
}

function unreachable(cluster: string, read?: string) {
  return finding(
    'CLUSTER_UNREACHABLE',
    'unknown',
    `Cluster ${cluster}`,
    `${cluster} could not be read; ${
      read ? `last read ${read}` : 'never read'
    }`,
  );
}

function stale(now: number, at: string): Status {
  const lastRead = new Date(now - 3 * HOUR).toISOString();
  const since = new Date(now - 40 * MINUTE).toISOString();
  const c = container('search-api', {});
  const w = { ...workload('search-api', c, lastRead), cluster: 'edge-euw1' };
  const s = status(
    'search-api',
    'Pulls use the node role (stale: edge-euw1 unreachable)',
    [w],
    [down('edge-euw1', at, since, lastRead)],
  );
  const f = unreachable('edge-euw1', lastRead);
  return { ...s, health: 'unknown', stale: true, findings: [f] };
}

/** No cluster read for the entity yet; `failing` names a cluster that could not be. */
function notYetChecked(name: string, at: string, failing?: string): Status {
  const clusters = failing ? [down(failing, at, at)] : [];
  return {
    ...status(name, 'Not yet checked', [], clusters),
    health: 'unknown',
    checked: false,
    stale: !!failing,
    findings: failing ? [unreachable(failing)] : [],
    checkedAt: at,
  };
}

function noWorkloads(at: string): Status {
  const clusters: Cluster[] = ['prod-use1', 'shared-usw2'].map(cluster => ({
    cluster,
    reachable: true,
    checkedAt: at,
    lastSuccessAt: at,
  }));
  // As the backend serves it: nothing found is unknown, never ok (NO_WORKLOADS_FOUND).
  return {
    ...status('mobile-bff', 'No workloads found', [], clusters),
    health: 'unknown',
    findings: [
      finding(
        'NO_WORKLOADS_FOUND',
        'unknown',
        'entity component:default/mobile-bff',
        "No workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, Rollout) carries the entity's backstage.io/kubernetes-id label or matches its backstage.io/kubernetes-label-selector on clusters prod-use1, shared-usw2; finished Jobs and workloads of other kinds are not checked, so how its images are pulled is unknown",
      ),
    ],
  };
}

const MALFORMED_SELECTOR = 'app in (billing';

function inputMalformed(at: string): Status {
  const message = `The annotation backstage.io/kubernetes-label-selector '${MALFORMED_SELECTOR}' cannot be parsed: missing ')'`;
  return {
    ...status(
      'billing-jobs',
      `No workloads could be matched: ${message}`,
      [],
      readOn(at),
    ),
    health: 'unknown',
    findings: [
      finding(
        'INPUT_MALFORMED',
        'unknown',
        'annotation backstage.io/kubernetes-label-selector',
        message,
      ),
    ],
  };
}

/** Each state: its id, its label, and the status (absent: not audited) at `t`, read at `at`. */
const STATES: Array<{
  id: string;
  label: string;
  name?: string;
  annotations?: Record<string, string>;
  status: (t: number, at: string) => Status | undefined;
}> = [
  {
    id: 'first-audit-running',
    label: 'Not yet checked: first audit running',
    status: (_, at) => notYetChecked('new-service', at),
  },
  {
    id: 'not-yet-checked',
    label: 'Not yet checked: a cluster could not be read',
    status: (_, at) => notYetChecked('edge-gateway', at, 'edge-euw1'),
  },
  {
    id: 'healthy-irsa',
    label: 'Healthy: IRSA for pulls',
    status: (_, at) => irsa(at),
  },
  {
    id: 'rotating-secret',
    label: 'Rotating secret and its refresher',
    status: rotatingSecret,
  },
  {
    id: 'static-secret-expiring',
    label: 'Static secret that expires soon',
    status: (t, at) => staticSecret(t, at, 10 * HOUR + 20 * MINUTE),
  },
  {
    id: 'static-secret-expired',
    label: 'Static secret that expired',
    status: (t, at) => staticSecret(t, at, 60 * HOUR),
  },
  {
    id: 'stale',
    label: 'Stale: a cluster unreachable since its last good read',
    status: stale,
  },
  {
    id: 'no-workloads',
    label: 'No workloads found',
    status: (_, at) => noWorkloads(at),
  },
  {
    id: 'error',
    label: 'Broken: an error, with its findings',
    status: (_, at) =>
      irsa(
        at,
        'role shipping-api does not trust system:serviceaccount:shipping:shipping-api (its trust names namespace shipping-staging)',
      ),
  },
  {
    id: 'input-malformed',
    label: 'Unknown: an input that cannot be parsed',
    annotations: {
      'backstage.io/kubernetes-label-selector': MALFORMED_SELECTOR,
    },
    status: (_, at) => inputMalformed(at),
  },
  {
    id: 'not-audited',
    label: 'Not audited: no status stored',
    name: 'unaudited-tool',
    status: () => undefined,
  },
];

/** Every state of the card, in the order the gallery shows them. */
export function cardStates(now: Date): CardState[] {
  const t = now.getTime();
  const at = new Date(t - 4 * MINUTE).toISOString();
  return STATES.map(s => {
    const served = s.status(t, at);
    const name = s.name ?? served?.entityRef.split('/')[1] ?? s.id;
    return {
      id: s.id,
      label: s.label,
      name,
      annotations: s.annotations ?? byId(name),
      status: served,
    };
  });
}
