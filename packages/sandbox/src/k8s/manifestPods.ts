import { k8sTime } from '../time';
import { SimulatedCluster } from './cluster';
import { podCount, PodTemplate, templateOf } from './manifestStatus';
import { resourceTypeOfKind } from './resources';
import type { Seeding } from './seedManifests';
import { nodeName, shortHash } from './seedPods';
import { K8sObject } from './types';

// The pods that controllers and the scheduler make for a manifest's workload (seedManifests.ts).

const CONTROLLER = 'kube-controller-manager';

/** Pod names as the controllers give them (a Deployment's through its ReplicaSet). */
function podNameOf(kind: string, name: string, i: number): string {
  if (kind === 'StatefulSet') return `${name}-${i}`;
  const pod = shortHash(`${name}/${i}`, 5);
  if (kind === 'DaemonSet') return `${name}-${pod}`;
  return `${name}-${shortHash(name, 10)}-${pod}`;
}

/** ServiceAccount admission copies the SA's imagePullSecrets into pods that name none. */
function admittedPullSecrets(
  cluster: SimulatedCluster,
  namespace: string,
  podSpec: NonNullable<PodTemplate['spec']>,
  serviceAccount: string,
): unknown[] {
  if (podSpec.imagePullSecrets?.length) return podSpec.imagePullSecrets;
  const sa = cluster.store.get(
    resourceTypeOfKind('ServiceAccount'),
    namespace,
    serviceAccount,
  );
  return (sa?.imagePullSecrets as unknown[] | undefined) ?? [];
}

/** Running pods of a manifest workload, as its controller and the scheduler place them. */
export function seedManifestPods(
  { cluster, spec, insert }: Seeding,
  workload: K8sObject,
  created: Date,
  where: string,
) {
  const template = templateOf(workload);
  if (!template?.spec) return;
  const { name, namespace } = workload.metadata as {
    name: string;
    namespace: string;
  };
  const saName = template.spec.serviceAccountName ?? 'default';
  const pullSecrets = admittedPullSecrets(
    cluster,
    namespace,
    template.spec,
    saName,
  );
  for (let i = 0; i < podCount(spec, workload); i++) {
    const containers = template.spec.containers ?? [];
    insert(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podNameOf(workload.kind!, name, i),
          namespace,
          ...(template.metadata?.labels
            ? { labels: template.metadata.labels }
            : {}),
          creationTimestamp: k8sTime(created),
        },
        spec: {
          ...template.spec,
          serviceAccountName: saName,
          nodeName: nodeName(spec, spec.nodes > 0 ? i % spec.nodes : 0),
          ...(pullSecrets.length ? { imagePullSecrets: pullSecrets } : {}),
        },
        status: {
          phase: 'Running',
          containerStatuses: containers.map(c => ({
            name: c.name,
            image: c.image,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: k8sTime(created) } },
          })),
        },
      },
      where,
      CONTROLLER,
      created,
      created,
      'kubelet',
    );
  }
}
