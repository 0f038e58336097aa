import { asArray, asRecord, asString } from './k8sJson';

/*
 * Where a pod may be scheduled (Kubernetes "Assigning Pods to Nodes", "Taints and
 * Tolerations"): its nodeSelector, its required node affinity and its tolerations of
 * NoSchedule and NoExecute taints. Preferred affinity and PreferNoSchedule only weigh nodes,
 * so they never exclude one.
 */

/** A node taint; `effect` as Kubernetes spells it, or as EKS does (`NO_SCHEDULE`). @internal */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** A node, or the template of a node group's nodes, as placement sees it. @internal */
export interface PlacementTarget {
  /** The node's name (for `matchFields` on `metadata.name`); absent for a template. */
  name?: string;
  labels: Record<string, string>;
  taints: Taint[];
  /**
   * Label keys whose value is not known (a template's labels the kubelet or EKS set on the
   * node, such as its zone): a requirement on one may hold, so it never excludes the target.
   */
  unknownLabel?: (key: string) => boolean;
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

/** One nodeSelectorTerm: its expressions and fields, all of which must hold. */
interface Term {
  expressions: Requirement[];
  fields: Requirement[];
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** What of a pod spec decides the nodes it may run on. @internal */
export interface PodPlacement {
  nodeSelector: Record<string, string>;
  /** `requiredDuringSchedulingIgnoredDuringExecution` terms (ORed); absent when none. */
  terms?: Term[];
  tolerations: Toleration[];
  /** The same for every pod spec of this shape: the key placement answers are kept by. */
  key: string;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function requirements(value: unknown): Requirement[] {
  return asArray(value).flatMap(r => {
    const rec = asRecord(r);
    const key = asString(rec?.key);
    const operator = asString(rec?.operator);
    if (!key || !operator) return [];
    const values = asArray(rec?.values).filter(
      (v): v is string => typeof v === 'string',
    );
    return [{ key, operator, values }];
  });
}

function termsOf(podSpec: Record<string, unknown> | undefined) {
  const nodeAffinity = asRecord(asRecord(podSpec?.affinity)?.nodeAffinity);
  const required = asRecord(
    nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  if (!required) return undefined;
  return asArray(required.nodeSelectorTerms).map(t => ({
    expressions: requirements(asRecord(t)?.matchExpressions),
    fields: requirements(asRecord(t)?.matchFields),
  }));
}

/** The placement of a pod spec (untrusted JSON). @internal */
export function podPlacement(
  podSpec: Record<string, unknown> | undefined,
): PodPlacement {
  const nodeSelector = stringMap(podSpec?.nodeSelector);
  const terms = termsOf(podSpec);
  const tolerations = asArray(podSpec?.tolerations).flatMap(t => {
    const rec = asRecord(t);
    return rec ? [rec as Toleration] : [];
  });
  const key = JSON.stringify([nodeSelector, terms ?? null, tolerations]);
  return { nodeSelector, ...(terms && { terms }), tolerations, key };
}

/** `NO_SCHEDULE` (EKS's node group API) → `NoSchedule` (Kubernetes). */
function effectOf(effect: string): string {
  if (!effect.includes('_')) return effect;
  return effect
    .toLowerCase()
    .split('_')
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Taints that come and go with a node's condition or lifecycle (not-ready, unreachable,
 * cordoned, being disrupted): they say nothing about which nodes the pod is meant for, and
 * its pods are placed there once the condition clears.
 */
function transient(taint: Taint): boolean {
  return (
    taint.key.startsWith('node.kubernetes.io/') ||
    taint.key === 'node.cloudprovider.kubernetes.io/uninitialized' ||
    taint.key === 'karpenter.sh/disrupted' ||
    taint.key === 'karpenter.sh/unregistered'
  );
}

/** Kubernetes's toleration matching: effect, then `Exists` (any value, or any key) or `Equal`. */
function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  const effect = effectOf(taint.effect);
  return tolerations.some(tol => {
    if (tol.effect && tol.effect !== effect) return false;
    if (tol.operator === 'Exists') return !tol.key || tol.key === taint.key;
    return tol.key === taint.key && (tol.value ?? '') === (taint.value ?? '');
  });
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value)
    ? Number(value)
    : undefined;
}

/** One requirement against a value (undefined: the label is absent). */
function holds(req: Requirement, value: string | undefined): boolean {
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = integer(value);
      const bound = integer(req.values[0]);
      if (have === undefined || bound === undefined) return false;
      return req.operator === 'Gt' ? have > bound : have < bound;
    }
    default:
      // An operator the API server would have refused: it selects no node.
      return false;
  }
}

function labelHolds(target: PlacementTarget, req: Requirement): boolean {
  if (target.unknownLabel?.(req.key)) return true;
  return holds(req, target.labels[req.key]);
}

/** `matchFields` knows `metadata.name` only; a template's name is not known yet. */
function fieldHolds(target: PlacementTarget, req: Requirement): boolean {
  if (req.key !== 'metadata.name') return false;
  return target.name === undefined || holds(req, target.name);
}

function termHolds(target: PlacementTarget, term: Term): boolean {
  // An empty term selects no node (Kubernetes "Node affinity").
  if (term.expressions.length + term.fields.length === 0) return false;
  return (
    term.expressions.every(r => labelHolds(target, r)) &&
    term.fields.every(r => fieldHolds(target, r))
  );
}

/**
 * Whether a pod of this placement may be scheduled on the target: the nodeSelector matches,
 * one required affinity term holds (when there are terms), and every NoSchedule and NoExecute
 * taint that is not transient is tolerated.
 *
 * @internal
 */
export function mayRunOn(
  target: PlacementTarget,
  placement: PodPlacement,
): boolean {
  const selected = Object.entries(placement.nodeSelector).every(
    ([key, value]) =>
      labelHolds(target, { key, operator: 'In', values: [value] }),
  );
  if (!selected) return false;
  if (placement.terms && !placement.terms.some(t => termHolds(target, t))) {
    return false;
  }
  return target.taints
    .filter(t => ['NoSchedule', 'NoExecute'].includes(effectOf(t.effect)))
    .filter(t => !transient(t))
    .every(t => tolerates(placement.tolerations, t));
}

function requirementText(req: Requirement): string {
  if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
    return `${req.key} ${req.operator}`;
  }
  return `${req.key} ${req.operator} (${req.values.join(', ')})`;
}

/**
 * Where a pod of this placement may run, for a finding: `no node of prod <where>`, e.g.
 * `matches nodeSelector karpenter.sh/nodepool=gpu and has no taint the pod does not tolerate`.
 *
 * @internal
 */
export function describePlacement(placement: PodPlacement): string {
  const selector = Object.entries(placement.nodeSelector).map(
    ([k, v]) => `${k}=${v}`,
  );
  const terms = (placement.terms ?? []).map(t =>
    [...t.expressions, ...t.fields].map(requirementText).join(', '),
  );
  const parts = [
    ...(selector.length ? [`nodeSelector ${selector.join(', ')}`] : []),
    ...(terms.length
      ? [`required node affinity ${terms.map(t => `[${t}]`).join(' or ')}`]
      : []),
  ];
  const taints = 'has no taint the pod does not tolerate';
  return parts.length ? `matches ${parts.join(' and ')} and ${taints}` : taints;
}

/** Nodes and taints as the Nodes LIST gives them (untrusted JSON). @internal */
export function nodeTarget(node: unknown): PlacementTarget {
  const meta = asRecord(asRecord(node)?.metadata);
  const taints = asArray(asRecord(asRecord(node)?.spec)?.taints).flatMap(t =>
    taintOf(t),
  );
  return {
    ...(asString(meta?.name) && { name: asString(meta?.name) }),
    labels: stringMap(meta?.labels),
    taints,
  };
}

/** One taint, or none when it is not one. @internal */
export function taintOf(value: unknown): Taint[] {
  const rec = asRecord(value);
  const key = asString(rec?.key);
  const effect = asString(rec?.effect);
  if (!key || !effect) return [];
  const taintValue = asString(rec?.value);
  return [
    { key, effect, ...(taintValue !== undefined && { value: taintValue }) },
  ];
}
