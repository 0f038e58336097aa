import { Scenario } from './schema';
import { manifestObjectsOf } from './manifestSchema';

/**
 * Checks across the scenario that zod cannot express field by field: names
 * that must refer to something declared elsewhere, and duplicates. Each
 * problem names the path of the offending field.
 */
export function checkReferences(scenario: Scenario): string[] {
  const problems: string[] = [];
  const clusterNames = new Set<string>();
  scenario.clusters.forEach((cluster, i) => {
    if (clusterNames.has(cluster.name)) {
      problems.push(`clusters[${i}].name: duplicate cluster "${cluster.name}"`);
    }
    clusterNames.add(cluster.name);
    problems.push(...checkCluster(cluster, `clusters[${i}]`));
  });
  const accountIds = new Set<string>();
  scenario.accounts.forEach((account, a) => {
    if (accountIds.has(account.id)) {
      problems.push(`accounts[${a}].id: duplicate account "${account.id}"`);
    }
    accountIds.add(account.id);
    account.roles.forEach((role, r) => {
      if ('irsa' in role.trust) {
        role.trust.irsa.forEach((entry, t) => {
          if (!clusterNames.has(entry.cluster)) {
            problems.push(
              `accounts[${a}].roles[${r}].trust.irsa[${t}].cluster: unknown cluster "${entry.cluster}"`,
            );
          }
        });
      }
    });
    account.oidcProviders.forEach((provider, p) => {
      if (provider.cluster && !clusterNames.has(provider.cluster)) {
        problems.push(
          `accounts[${a}].oidcProviders[${p}].cluster: unknown cluster "${provider.cluster}"`,
        );
      }
    });
  });
  scenario.clusters.forEach((cluster, i) =>
    problems.push(...checkClusterRoles(scenario, cluster, `clusters[${i}]`)),
  );
  scenario.faults.forEach((fault, f) => {
    if (fault.cluster && !clusterNames.has(fault.cluster)) {
      problems.push(`faults[${f}].cluster: unknown cluster "${fault.cluster}"`);
    }
  });
  return problems;
}

type Cluster = Scenario['clusters'][number];

/** Reports an object declared twice: same kind, namespace and name. */
type Uniqueness = (
  kind: string,
  ns: string,
  name: string,
  path: string,
  field?: string,
) => void;

function uniqueness(problems: string[]): Uniqueness {
  const seen = new Set<string>();
  return (kind, ns, name, path, field = '.name') => {
    const key = `${kind}/${ns}/${name}`;
    if (seen.has(key)) {
      const id = ns ? `${ns}/${name}` : name;
      problems.push(`${path}${field}: duplicate ${kind} "${id}"`);
    }
    seen.add(key);
  };
}

/** The lists of a cluster whose objects are checked for duplicates. */
type DeclaredList =
  | 'serviceAccounts'
  | 'pullSecrets'
  | 'workloads'
  | 'refreshers'
  | 'roles'
  | 'roleBindings'
  | 'clusterRoles'
  | 'clusterRoleBindings';

/**
 * Checks each object of one of the cluster's lists with `unique` (a cluster-scoped object has
 * no namespace), then with `more` for checks of its own. `kind` is the list's kind, or each
 * item's (workloads).
 */
function declaredChecker(cluster: Cluster, at: string, unique: Uniqueness) {
  return <K extends DeclaredList>(
    field: K,
    kind: string | ((item: Cluster[K][number]) => string),
    more?: (item: Cluster[K][number], path: string) => void,
  ) => {
    (cluster[field] as Array<Cluster[K][number]>).forEach((item, i) => {
      const path = `${at}.${field}[${i}]`;
      const { name, namespace } = item as { name: string; namespace?: string };
      const itemKind = typeof kind === 'string' ? kind : kind(item);
      unique(itemKind, namespace ?? '', name, path);
      more?.(item, path);
    });
  };
}

function checkCluster(cluster: Cluster, at: string): string[] {
  const problems: string[] = [];
  const unique = uniqueness(problems);
  const declared = declaredChecker(cluster, at, unique);
  declared('serviceAccounts', 'ServiceAccount');
  declared('pullSecrets', 'Secret');
  declared(
    'workloads',
    workload => workload.kind,
    (workload, path) => {
      if (workload.kind === 'CronJob' && !workload.schedule) {
        problems.push(`${path}.schedule: a CronJob needs a schedule`);
      }
    },
  );
  declared('refreshers', 'CronJob', (refresher, path) =>
    checkSchedule(refresher.schedule, `${path}.schedule`, problems),
  );
  problems.push(...checkManifestObjects(cluster, at, unique));
  cluster.workloads.forEach((workload, i) => {
    if (workload.schedule) {
      checkSchedule(
        workload.schedule,
        `${at}.workloads[${i}].schedule`,
        problems,
      );
    }
  });
  return problems;
}

/**
 * Manifest objects may not repeat one another or an object the scenario declares elsewhere
 * (a Namespace listed under `namespaces` too, a Secret also under `pullSecrets`…).
 */
function checkManifestObjects(
  cluster: Cluster,
  at: string,
  unique: Uniqueness,
): string[] {
  const problems: string[] = [];
  const declared = declaredChecker(cluster, at, unique);
  declared('roles', 'Role');
  declared('roleBindings', 'RoleBinding');
  declared('clusterRoles', 'ClusterRole');
  declared('clusterRoleBindings', 'ClusterRoleBinding');
  const listed = new Set(
    cluster.namespaces.map(ns => (typeof ns === 'string' ? ns : ns.name)),
  );
  for (const { entry, index, object } of manifestObjectsOf(cluster)) {
    const { kind, metadata } = object;
    const path = `${at}.manifests[${index}]${
      entry.file ? ` (${entry.file})` : ''
    }`;
    unique(kind, metadata.namespace ?? '', metadata.name, path, '');
    if (kind === 'Namespace' && listed.has(metadata.name)) {
      problems.push(
        `${path}: Namespace "${metadata.name}" is also listed in ${at}.namespaces (declare it once)`,
      );
    }
  }
  cluster.manifests.forEach((entry, index) => {
    if (entry.lastRun && !entry.objects?.some(o => o.kind === 'CronJob')) {
      problems.push(
        `${at}.manifests[${index}].lastRun: no CronJob in this entry to have run`,
      );
    }
  });
  return problems;
}

// batch/v1 CronJob accepts five cron fields or the @hourly/@daily… macros (robfig/cron).
function checkSchedule(schedule: string, path: string, problems: string[]) {
  const macros = [
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
  ];
  if (macros.includes(schedule.trim())) {
    return;
  }
  if (schedule.trim().split(/\s+/).length !== 5) {
    problems.push(
      `${path}: expected five cron fields or a macro such as @hourly, got "${schedule}"`,
    );
  }
}

/** Role names (not ARNs) given for node and Fargate roles must exist in the cluster's account. */
function checkClusterRoles(
  scenario: Scenario,
  cluster: Cluster,
  at: string,
): string[] {
  const roles =
    scenario.accounts.find(a => a.id === cluster.account)?.roles ?? [];
  const refs: Array<[string, string | undefined]> = [
    [`${at}.nodeRole`, cluster.nodeRole],
    [`${at}.fargatePodExecutionRole`, cluster.fargatePodExecutionRole],
    ...cluster.nodeGroups.map((g, j): [string, string] => [
      `${at}.nodeGroups[${j}].nodeRole`,
      g.nodeRole,
    ]),
    ...cluster.fargateProfiles.map((p, j): [string, string] => [
      `${at}.fargateProfiles[${j}].podExecutionRole`,
      p.podExecutionRole,
    ]),
  ];
  return refs
    .filter(
      ([, name]) =>
        name && !name.startsWith('arn:') && !roles.some(r => r.name === name),
    )
    .map(
      ([path, name]) =>
        `${path}: no role "${name}" in account ${cluster.account} (give a role name of that account or an ARN)`,
    );
}
