import {
  createFinding,
  Finding,
  RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';
import {
  asArray,
  asRecord,
  asString,
  findNamed,
  inNamespace,
  metaOf,
} from './k8sJson';
import { matchesLabelSelector } from './labelSelector';
import { ClusterSnapshot } from './snapshot';
import {
  ECR_ROLE_ARN_ANNOTATION,
  ResolvedServiceAccount,
  ROLE_ARN_ANNOTATION,
  WorkloadContext,
} from './classifyContext';

const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

type EntitySelectors = NonNullable<ClusterSnapshot['entities']>;
type IndexedSelector = EntitySelectors[number] & { order: number };
type Labels = Record<string, string>;

/**
 * The selectors as the Kubernetes plugin applies them: an entity's label selector when it has
 * one, else `backstage.io/kubernetes-id=<id>` (KubernetesFanOutHandler:
 * `annotations['backstage.io/kubernetes-label-selector'] || 'backstage.io/kubernetes-id=' + id`).
 */
interface SelectorIndex {
  /** Entities matched by `kubernetes-id` alone, by id. */
  byId: Map<string, IndexedSelector[]>;
  /** Label selectors by one `key=value` they require: only objects with that label can match. */
  byRequirement: Map<string, IndexedSelector[]>;
  /** Label selectors without such a requirement (`a in (x)`, `!a`), tested one by one. */
  byLabels: IndexedSelector[];
}

/**
 * One index per snapshot's selector list: every workload, and every ServiceAccount a workload
 * is compared with, asks which entities it belongs to, and a catalog's selectors number in
 * the tens of thousands (a scan per question was 40 % of an audit at 50,000 entities).
 */
const INDEXES = new WeakMap<EntitySelectors, SelectorIndex>();

// One equality requirement of a selector without `( )` (so its commas split requirements).
const EQUALITY = /^([^\s=!,()]+)\s*==?\s*([^\s=!,()]*)$/;

function requirementKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** A `key=value` every object the selector matches carries, if the selector names one. */
function requiredLabel(selector: string): string | undefined {
  if (/[()]/.test(selector)) return undefined;
  for (const part of selector.split(',')) {
    const m = EQUALITY.exec(part.trim());
    if (m) return requirementKey(m[1], m[2]);
  }
  return undefined;
}

function push<K>(map: Map<K, IndexedSelector[]>, key: K, e: IndexedSelector) {
  const list = map.get(key) ?? [];
  list.push(e);
  map.set(key, list);
}

function selectorIndex(entities: EntitySelectors): SelectorIndex {
  const index = INDEXES.get(entities);
  if (index) return index;
  const built: SelectorIndex = {
    byId: new Map(),
    byRequirement: new Map(),
    byLabels: [],
  };
  entities.forEach((e, order) => {
    if (!e || typeof e.entityRef !== 'string') return;
    const indexed = { ...e, order };
    if (typeof e.labelSelector === 'string' && e.labelSelector !== '') {
      const required = requiredLabel(e.labelSelector);
      if (required) push(built.byRequirement, required, indexed);
      else built.byLabels.push(indexed);
    } else if (e.kubernetesId) {
      push(built.byId, e.kubernetesId, indexed);
    }
  });
  INDEXES.set(entities, built);
  return built;
}

/** The selectors one set of labels matches. */
function matchedBy(index: SelectorIndex, labels: Labels): IndexedSelector[] {
  const id = labels[KUBERNETES_ID_LABEL];
  const candidates = Object.entries(labels).flatMap(
    ([key, value]) => index.byRequirement.get(requirementKey(key, value)) ?? [],
  );
  return [
    ...((id !== undefined && index.byId.get(id)) || []),
    ...[...candidates, ...index.byLabels].filter(e =>
      matchesLabelSelector(e.labelSelector!, labels),
    ),
  ];
}

/**
 * The label sets by which Backstage finds a workload: its own, and its pod template's, which
 * its pods (and a Deployment's ReplicaSets) carry; a CronJob's also its Jobs' template.
 *
 * @internal
 */
export function workloadLabelSets(kind: string, workload: unknown): Labels[] {
  const spec = asRecord(asRecord(workload)?.spec);
  const jobTemplate = asRecord(spec?.jobTemplate);
  const templates =
    kind === 'CronJob'
      ? [jobTemplate, asRecord(jobTemplate?.spec)?.template]
      : [spec?.template];
  return [metaOf(workload).labels, ...templates.map(t => metaOf(t).labels)];
}

/**
 * The entities whose Kubernetes selector matches an object's labels (any of its label sets:
 * {@link workloadLabelSets}), as the Kubernetes plugin maps them, in the order of the
 * snapshot's selectors. Without configured entities the raw `backstage.io/kubernetes-id` label
 * value is used as the key.
 *
 * @internal
 */
export function entityKeys(
  snapshot: ClusterSnapshot,
  namespace: string,
  labels: Labels | Labels[],
): string[] {
  const labelSets = Array.isArray(labels) ? labels : [labels];
  const entities = Array.isArray(snapshot.entities)
    ? snapshot.entities
    : undefined;
  if (!entities) {
    const ids = labelSets.map(l => l[KUBERNETES_ID_LABEL]).filter(Boolean);
    return [...new Set(ids)].map(id => `kubernetes-id:${id}`);
  }
  const index = selectorIndex(entities);
  const matched = new Set(labelSets.flatMap(l => matchedBy(index, l)));
  return [...matched]
    .filter(e => !e.namespace || e.namespace === namespace)
    .sort((a, b) => a.order - b.order)
    .map(e => e.entityRef);
}

/**
 * The ServiceAccount a pod template runs as (`default` when unnamed).
 *
 * @internal
 */
export function resolveServiceAccount(
  snapshot: ClusterSnapshot,
  namespace: string,
  podSpec: Record<string, unknown> | undefined,
): ResolvedServiceAccount {
  const name =
    asString(podSpec?.serviceAccountName) ??
    asString(podSpec?.serviceAccount) ??
    'default';
  const object = findNamed(snapshot.serviceAccounts, namespace, name);
  if (!object) {
    // Every namespace has a "default" ServiceAccount (token controller), even if a list omitted it.
    let state: ResolvedServiceAccount['state'] = 'missing';
    if (snapshot.forbidden?.serviceAccounts) state = 'unreadable';
    else if (name === 'default') state = 'found';
    return { name, state, imagePullSecrets: [] };
  }
  const { annotations } = metaOf(object);
  const padded = [ROLE_ARN_ANNOTATION, ECR_ROLE_ARN_ANNOTATION].filter(key => {
    const value = annotations[key];
    // Blank but present (" ") counts too: the webhook injects any non-empty value.
    return typeof value === 'string' && value !== value.trim();
  });
  return {
    name,
    state: 'found',
    roleArn: asString(annotations[ROLE_ARN_ANNOTATION]?.trim()),
    ecrRoleArn: asString(annotations[ECR_ROLE_ARN_ANNOTATION]?.trim()),
    ...(padded.length > 0 && { paddedRoleAnnotations: padded }),
    imagePullSecrets: asArray(asRecord(object)?.imagePullSecrets)
      .map(r => asString(asRecord(r)?.name))
      .filter((n): n is string => n !== undefined),
  };
}

/** What the pod's own AWS SDK calls use (the SDK tries web identity before Pod Identity). @internal */
export function runtimeIdentityOf(ctx: WorkloadContext): RuntimeIdentity {
  if (ctx.serviceAccount.roleArn) return 'irsa';
  const assoc = (ctx.snapshot.podIdentityAssociations ?? []).some(
    a =>
      a?.namespace === ctx.namespace &&
      a?.serviceAccount === ctx.serviceAccount.name,
  );
  if (assoc) return 'pod-identity';
  return ctx.onFargate ? 'none' : 'node-role';
}

/** A ServiceAccount that carries an IAM role annotation, as the findings compare it. */
interface RoleServiceAccount {
  name: string | undefined;
  labels: Record<string, string>;
}

const ROLE_SERVICE_ACCOUNTS = new WeakMap<
  unknown[],
  Map<string, RoleServiceAccount[]>
>();

/**
 * The ServiceAccounts of a namespace that carry an IAM role, built once per list: every
 * workload without a role of its own is compared with them, and reading each namespace's
 * ServiceAccounts again per workload was a twentieth of an audit at 50,000 entities.
 */
function roleServiceAccounts(
  snapshot: ClusterSnapshot,
  namespace: string,
): RoleServiceAccount[] {
  const list = snapshot.serviceAccounts;
  if (!Array.isArray(list)) return [];
  let byNamespace = ROLE_SERVICE_ACCOUNTS.get(list);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const ns of new Set(list.map(o => metaOf(o).namespace ?? ''))) {
      const withRole = inNamespace(list, ns).flatMap(other => {
        const m = metaOf(other);
        return m.annotations[ROLE_ARN_ANNOTATION] ||
          m.annotations[ECR_ROLE_ARN_ANNOTATION]
          ? [{ name: m.name, labels: m.labels }]
          : [];
      });
      byNamespace.set(ns, withRole);
    }
    ROLE_SERVICE_ACCOUNTS.set(list, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}

/**
 * ServiceAccount findings of a workload: missing, unreadable, or the
 * classic mistake of an IRSA ServiceAccount made for the entity that the
 * workload does not run as.
 *
 * @internal
 */
export function serviceAccountFindings(
  ctx: WorkloadContext,
  workloadLabels: Labels | Labels[],
): Finding[] {
  const sa = ctx.serviceAccount;
  const subject = `ServiceAccount ${ctx.namespace}/${sa.name}`;
  if (sa.state === 'unreadable') {
    return [
      createFinding(
        'OBJECTS_NOT_READABLE',
        subject,
        `ServiceAccounts could not be listed in ${ctx.cluster.name}, so the role and pull secrets of ${sa.name} are unknown`,
      ),
    ];
  }
  const findings: Finding[] = [];
  if (sa.state === 'missing') {
    findings.push(
      createFinding(
        'SA_MISSING',
        subject,
        `${ctx.subject} runs as ServiceAccount ${sa.name}, which does not exist in ${ctx.namespace}`,
      ),
    );
  }
  // The EKS Pod Identity Webhook sets AWS_ROLE_ARN to the annotation as written (it only logs
  // a warning for a value that is not an ARN), and the SDKs pass it to STS untrimmed, which
  // refuses it as an ARN: judged as the trimmed role, the identity would read healthy.
  for (const key of sa.paddedRoleAnnotations ?? []) {
    findings.push(
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `the ${key} annotation of ServiceAccount ${sa.name} has whitespace around its value; the pod gets the value as written, which STS does not accept as a role ARN, so whether ${ctx.subject} gets a role from it is unknown: remove the whitespace`,
      ),
    );
  }
  if (sa.roleArn || sa.ecrRoleArn) return findings;
  const keys = entityKeys(ctx.snapshot, ctx.namespace, workloadLabels);
  // The workload's own Kubernetes id: `eksctl create iamserviceaccount --name <service>`
  // makes an unlabelled ServiceAccount named after the service, the commonest way to end up
  // with one the Deployment never uses.
  const workloadId = [workloadLabels]
    .flat()
    .find(l => l[KUBERNETES_ID_LABEL])?.[KUBERNETES_ID_LABEL];
  const intended = roleServiceAccounts(ctx.snapshot, ctx.namespace).filter(
    other => {
      if (other.name === sa.name) return false;
      if (workloadId && other.name === workloadId) return true;
      return entityKeys(ctx.snapshot, ctx.namespace, other.labels).some(k =>
        keys.includes(k),
      );
    },
  );
  for (const { name } of intended) {
    findings.push(
      createFinding(
        'SA_NOT_USED_BY_WORKLOAD',
        `ServiceAccount ${ctx.namespace}/${name}`,
        `ServiceAccount ${name} carries an IAM role for the same entity, but ${ctx.subject} runs as ${sa.name}`,
      ),
    );
  }
  return findings;
}
