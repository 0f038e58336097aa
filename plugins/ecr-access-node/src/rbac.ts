import { asArray, asRecord, asString, findNamed, metaOf } from './k8sJson';

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

/** Verbs that rewrite an existing secret in place. */
const REWRITE_VERBS = ['update', 'patch', '*'];
/** Verbs that touch a secret at all: with create, delete also replaces one. */
const SECRET_WRITE_VERBS = [...REWRITE_VERBS, 'create', 'delete'];

/** The verbs a set of rules allows on one secret, by how the rule names it. */
interface SecretVerbs {
  /** From rules whose resourceNames name the secret. */
  named: Set<string>;
  /** From rules without resourceNames (every secret of their scope). */
  any: Set<string>;
}

function includesAny(list: unknown, values: string[]): boolean {
  return asArray(list).some(v => typeof v === 'string' && values.includes(v));
}

function coversSecrets(r: Record<string, unknown>): boolean {
  return (
    includesAny(r.apiGroups, ['', '*']) &&
    includesAny(r.resources, ['secrets', '*'])
  );
}

function addRoleVerbs(role: unknown, secretName: string, into: SecretVerbs) {
  for (const rule of asArray(asRecord(role)?.rules)) {
    const r = asRecord(rule);
    if (!r || !coversSecrets(r)) continue;
    const verbs = asArray(r.verbs).filter(
      (v): v is string => typeof v === 'string',
    );
    const names = asArray(r.resourceNames).filter(n => typeof n === 'string');
    let target: Set<string> | undefined = into.any;
    if (names.length > 0)
      target = names.includes(secretName) ? into.named : undefined;
    verbs.forEach(v => target?.add(v));
  }
}

/**
 * Whether the verbs let their holder rewrite the secret: update, patch or `*`, or delete and
 * create (seed 002's Role deletes `regcred` and creates it again). A create request cannot be
 * limited by resourceNames (the name is not part of what is authorised; Kubernetes RBAC docs,
 * "Referring to resources"), so create counts only from rules without them.
 */
function accessOf(verbs: SecretVerbs): SecretWriteAccess {
  const has = (set: Set<string>, list: string[]) => list.some(v => set.has(v));
  const create = has(verbs.any, ['create', '*']);
  if (has(verbs.named, REWRITE_VERBS) || (create && verbs.named.has('delete')))
    return 'scoped';
  if (has(verbs.any, REWRITE_VERBS) || (create && verbs.any.has('delete')))
    return 'broad';
  return 'none';
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

/** Which grants of a ServiceAccount apply to a secret of this namespace. */
function grantsFor(
  rbac: RbacObjects,
  serviceAccount: { namespace: string; name: string },
  namespace: string,
): Grant[] {
  const key = `${serviceAccount.namespace}/${serviceAccount.name}`;
  return (grantsBySubject(rbac).get(key) ?? []).filter(
    g => g.namespace === undefined || g.namespace === namespace,
  );
}

/**
 * The access a ServiceAccount has to rewrite a Secret through RoleBindings
 * in the secret's namespace and ClusterRoleBindings (Kubernetes RBAC): the
 * verbs of all its roles together, so that a Role that may delete the
 * secret and a ClusterRole that may create secrets add up to a rewrite.
 * The RBAC objects are indexed once and treated as immutable.
 *
 * @public
 */
export function secretWriteAccess(
  rbac: RbacObjects,
  serviceAccount: { namespace: string; name: string },
  secret: { namespace: string; name: string },
): SecretWriteAccess {
  const verbs: SecretVerbs = { named: new Set(), any: new Set() };
  for (const grant of grantsFor(rbac, serviceAccount, secret.namespace)) {
    addRoleVerbs(grant.role, secret.name, verbs);
  }
  return accessOf(verbs);
}

/**
 * Whether a ServiceAccount holds any grant that writes some Secret: the
 * cheap test that picks the few workloads worth checking as refreshers.
 *
 * @public
 */
export function mayWriteSecrets(
  rbac: RbacObjects,
  serviceAccount: { namespace: string; name: string },
): boolean {
  const key = `${serviceAccount.namespace}/${serviceAccount.name}`;
  return (grantsBySubject(rbac).get(key) ?? []).some(grant =>
    asArray(asRecord(grant.role)?.rules).some(rule => {
      const r = asRecord(rule);
      return (
        !!r && coversSecrets(r) && includesAny(r.verbs, SECRET_WRITE_VERBS)
      );
    }),
  );
}
