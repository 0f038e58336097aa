import { asArray, asRecord, asString, metaOf } from './k8sTypes';

/**
 * How far a ServiceAccount may rewrite one Secret: `scoped` when a rule
 * names the secret in resourceNames, `broad` when a rule covers every
 * secret of the namespace.
 *
 * @public
 */
export type SecretWriteAccess = 'scoped' | 'broad' | 'none';

/** @public */
export interface RbacObjects {
  roles?: unknown[];
  clusterRoles?: unknown[];
  roleBindings?: unknown[];
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

function bindsServiceAccount(
  binding: unknown,
  bindingNs: string | undefined,
  saNs: string,
  sa: string,
): boolean {
  return asArray(asRecord(binding)?.subjects).some(s => {
    const subj = asRecord(s);
    return (
      subj?.kind === 'ServiceAccount' &&
      subj.name === sa &&
      (asString(subj.namespace) ?? bindingNs) === saNs
    );
  });
}

function byName(
  objects: unknown[] | undefined,
  name: string,
  namespace?: string,
): unknown {
  return (objects ?? []).find(o => {
    const m = metaOf(o);
    return (
      m.name === name && (namespace === undefined || m.namespace === namespace)
    );
  });
}

/**
 * The access a ServiceAccount has to rewrite a Secret through RoleBindings
 * in the secret's namespace and ClusterRoleBindings (Kubernetes RBAC).
 *
 * @public
 */
export function secretWriteAccess(
  rbac: RbacObjects,
  serviceAccount: { namespace: string; name: string },
  secret: { namespace: string; name: string },
): SecretWriteAccess {
  let best: SecretWriteAccess = 'none';
  const consider = (role: unknown) => {
    const a = roleAccess(role, secret.name);
    if (a === 'scoped' || (a === 'broad' && best === 'none')) best = a;
  };
  for (const b of rbac.roleBindings ?? []) {
    const m = metaOf(b);
    if (m.namespace !== secret.namespace) continue;
    if (
      !bindsServiceAccount(
        b,
        m.namespace,
        serviceAccount.namespace,
        serviceAccount.name,
      )
    )
      continue;
    const ref = asRecord(asRecord(b)?.roleRef);
    const refName = asString(ref?.name) ?? '';
    consider(
      ref?.kind === 'ClusterRole'
        ? byName(rbac.clusterRoles, refName)
        : byName(rbac.roles, refName, secret.namespace),
    );
  }
  for (const b of rbac.clusterRoleBindings ?? []) {
    if (
      !bindsServiceAccount(
        b,
        undefined,
        serviceAccount.namespace,
        serviceAccount.name,
      )
    )
      continue;
    consider(
      byName(
        rbac.clusterRoles,
        asString(asRecord(asRecord(b)?.roleRef)?.name) ?? '',
      ),
    );
  }
  return best;
}
