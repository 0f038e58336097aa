import { Document } from 'yaml';
import { shellCommand } from './shellWords';

/** What a migration off a rotating pull secret removes, by name. */
export interface Removal {
  namespace: string;
  deployment: string;
  pullSecret: string;
  /** Its ServiceAccount, Role and RoleBinding share its name. */
  refresherCronJob: string;
}

/**
 * The objects that go, as Kubernetes would name them: the refresher CronJob with its RBAC and
 * ServiceAccount, then the secret (last: until the pods run as the new ServiceAccount, it is
 * what they pull with).
 */
export function removedObjects(removal: Removal) {
  const { namespace, refresherCronJob: refresher } = removal;
  const object = (apiVersion: string, kind: string, name: string) => ({
    apiVersion,
    kind,
    metadata: { name, namespace },
  });
  return [
    object('batch/v1', 'CronJob', refresher),
    object('rbac.authorization.k8s.io/v1', 'RoleBinding', refresher),
    object('rbac.authorization.k8s.io/v1', 'Role', refresher),
    object('v1', 'ServiceAccount', refresher),
    object('v1', 'Secret', removal.pullSecret),
  ];
}

/**
 * `removed.yaml`: a `v1` List of those objects, serialized by the `yaml` library (every name a
 * scalar of its own, whatever it holds), with the explanation as a comment.
 */
export function removedYaml(removal: Removal): string {
  const document = new Document({
    apiVersion: 'v1',
    kind: 'List',
    items: removedObjects(removal),
  });
  // A comment ends at a line break: one in the name must not start a line of YAML.
  const deployment = removal.deployment.replace(
    /[\r\n\u0085\u2028\u2029]/g,
    ' ',
  );
  document.commentBefore = [
    ` What this change removes, once the pods of Deployment ${deployment} run with the`,
    ' new ServiceAccount: the pull secret and the CronJob that rewrote it, with its RBAC. Delete',
    ' these manifests from the repository (GitOps prunes them), or see MIGRATION.md.',
  ].join('\n');
  // Quoted scalars only: they read back exactly (see renderManifests' writeManifests).
  return document.toString({ blockQuote: false });
}

/** The `kubectl delete` of those objects, as its argv. */
export function deleteArgv(removal: Removal): string[] {
  return [
    'kubectl',
    '-n',
    removal.namespace,
    'delete',
    ...removedObjects(removal).map(
      o => `${o.kind.toLowerCase()}/${o.metadata.name}`,
    ),
  ];
}

/** That command line, shell-quoted word by word. */
export function deleteCommand(removal: Removal): string {
  return shellCommand(deleteArgv(removal));
}
