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

function checkCluster(
  cluster: Scenario['clusters'][number],
  at: string,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const unique = (
    kind: string,
    ns: string,
    name: string,
    path: string,
    field = '.name',
  ) => {
    const key = `${kind}/${ns}/${name}`;
    if (seen.has(key)) {
      const id = ns ? `${ns}/${name}` : name;
      problems.push(`${path}${field}: duplicate ${kind} "${id}"`);
    }
    seen.add(key);
  };
  cluster.serviceAccounts.forEach((sa, i) =>
    unique(
      'ServiceAccount',
      sa.namespace,
      sa.name,
      `${at}.serviceAccounts[${i}]`,
    ),
  );
  cluster.pullSecrets.forEach((secret, i) =>
    unique('Secret', secret.namespace, secret.name, `${at}.pullSecrets[${i}]`),
  );
  cluster.workloads.forEach((workload, i) => {
    unique(
      workload.kind,
      workload.namespace,
      workload.name,
      `${at}.workloads[${i}]`,
    );
    if (workload.kind === 'CronJob' && !workload.schedule) {
      problems.push(
        `${at}.workloads[${i}].schedule: a CronJob needs a schedule`,
      );
    }
  });
  cluster.refreshers.forEach((refresher, i) => {
    unique(
      'CronJob',
      refresher.namespace,
      refresher.name,
      `${at}.refreshers[${i}]`,
    );
    checkSchedule(
      refresher.schedule,
      `${at}.refreshers[${i}].schedule`,
      problems,
    );
  });
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
  cluster: Scenario['clusters'][number],
  at: string,
  unique: (
    kind: string,
    ns: string,
    name: string,
    path: string,
    field?: string,
  ) => void,
): string[] {
  const problems: string[] = [];
  cluster.roles.forEach((role, i) =>
    unique('Role', role.namespace, role.name, `${at}.roles[${i}]`),
  );
  cluster.roleBindings.forEach((binding, i) =>
    unique(
      'RoleBinding',
      binding.namespace,
      binding.name,
      `${at}.roleBindings[${i}]`,
    ),
  );
  cluster.clusterRoles.forEach((role, i) =>
    unique('ClusterRole', '', role.name, `${at}.clusterRoles[${i}]`),
  );
  cluster.clusterRoleBindings.forEach((binding, i) =>
    unique(
      'ClusterRoleBinding',
      '',
      binding.name,
      `${at}.clusterRoleBindings[${i}]`,
    ),
  );
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
  cluster: Scenario['clusters'][number],
  at: string,
): string[] {
  const roles =
    scenario.accounts.find(a => a.id === cluster.account)?.roles ?? [];
  const refs: Array<[string, string | undefined]> = [
    [`${at}.nodeRole`, cluster.nodeRole],
    [`${at}.fargatePodExecutionRole`, cluster.fargatePodExecutionRole],
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
