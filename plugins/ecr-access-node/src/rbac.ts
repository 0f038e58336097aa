import { asArray, asRecord, asString, findNamed, metaOf } from './k8sTypes';

/**
 * How far a ServiceAccount may rewrite one Secret: `scoped` when a rule
 * names the secret in resourceNames, `broad` when a rule covers every
 * secret of the namespace.
 *
 * @public
 */
export type SecretWriteAccess = 'scoped' | 'broad' | 'none';

/** The RBAC objects of a cluster, as LISTed (plain JSON). @public */
export interface RbacObjects {
  /** Roles. */
  roles?: unknown[];
  /** ClusterRoles. */
  clusterRoles?: unknown[];
  /** RoleBindings. */
  roleBindings?: unknown[];
  /** ClusterRoleBindings. */
  clusterRoleBindings?: unknown[];
}

/** Verbs that rewrite an existing secret (create cannot be scoped by name). */
const WRITE_VERBS = ['update', 'patch', '*'];

function includesAny(list: unknown, values: string[]): boolean {
  return asArray(list).some(v => typeof v === 'string' && values.includes(v));
}

function ruleAccess(rule: unknown, secretName: string): SecretWriteAccess {
  const r = asRecord(rule);
  if (!r) return 'none';
  if (!includesAny(r.apiGroups, ['', '*'])) return 'none';
  if (!includesAny(r.resources, ['secrets', '*'])) return 'none';
  if (!includesAny(r.verbs, WRITE_VERBS)) return 'none';
  const names = asArray(r.resourceNames).filter(n => typeof n === 'string');
  if (names.length === 0) return 'broad';
  return names.includes(secretName) ? 'scoped' : 'none';
}

function roleAccess(role: unknown, secretName: string): SecretWriteAccess {
  let best: SecretWriteAccess = 'none';
  for (const rule of asArray(asRecord(role)?.rules)) {
    const a = ruleAccess(rule, secretName);
    if (a === 'scoped') return 'scoped';
    if (a === 'broad') best = 'broad';
  }
  return best;
}

/** A role a ServiceAccount is bound to; `namespace` undefined for cluster-wide bindings. */
interface Grant {
  namespace?: string;
  role: unknown;
}

const GRANTS = new WeakMap<RbacObjects, Map<string, Grant[]>>();

function subjectKeys(
  binding: unknown,
  bindingNs: string | undefined,
): string[] {
  return asArray(asRecord(binding)?.subjects)
    .map(asRecord)
    .filter(s => s?.kind === 'ServiceAccount' && typeof s.name === 'string')
    .map(s => `${asString(s!.namespace) ?? bindingNs ?? ''}/${s!.name}`);
}

function referencedRole(
  rbac: RbacObjects,
  binding: unknown,
  namespace?: string,
): unknown {
  const ref = asRecord(asRecord(binding)?.roleRef);
  const name = asString(ref?.name) ?? '';
  if (ref?.kind === 'ClusterRole')
    return findNamed(rbac.clusterRoles, '', name);
  return namespace === undefined
    ? undefined
    : findNamed(rbac.roles, namespace, name);
}

/** Every ServiceAccount's grants, built once per set of RBAC objects. */
function grantsBySubject(rbac: RbacObjects): Map<string, Grant[]> {
  let grants = GRANTS.get(rbac);
  if (grants) return grants;
  grants = new Map();
  const add = (key: string, grant: Grant) => {
    if (!grants!.has(key)) grants!.set(key, []);
    grants!.get(key)!.push(grant);
  };
  for (const b of asArray(rbac.roleBindings)) {
    const ns = metaOf(b).namespace;
    if (ns === undefined) continue;
    const role = referencedRole(rbac, b, ns);
    for (const key of subjectKeys(b, ns)) add(key, { namespace: ns, role });
  }
  for (const b of asArray(rbac.clusterRoleBindings)) {
    const role = referencedRole(rbac, b);
    for (const key of subjectKeys(b, undefined)) add(key, { role });
  }
  GRANTS.set(rbac, grants);
  return grants;
}

/**
 * The access a ServiceAccount has to rewrite a Secret through RoleBindings
 * in the secret's namespace and ClusterRoleBindings (Kubernetes RBAC).
 * The RBAC objects are indexed once and treated as immutable.
 *
 * @public
 */
export function secretWriteAccess(
  rbac: RbacObjects,
  serviceAccount: { namespace: string; name: string },
  secret: { namespace: string; name: string },
): SecretWriteAccess {
  const key = `${serviceAccount.namespace}/${serviceAccount.name}`;
  let best: SecretWriteAccess = 'none';
  for (const grant of grantsBySubject(rbac).get(key) ?? []) {
    if (grant.namespace !== undefined && grant.namespace !== secret.namespace)
      continue;
    const a = roleAccess(grant.role, secret.name);
    if (a === 'scoped') return 'scoped';
    if (a === 'broad') best = 'broad';
  }
  return best;
}
