import { classifyCluster } from '@ecr-access/plugin-ecr-access-node';
import { useSandbox } from '@ecr-access/test-utils';
import type { ManifestObject } from '../__fixtures__/manifests';
import { prodClusterConfig, prodScenario } from '../__fixtures__/prodCluster';
import { collectForEntity } from '../collect/collectForEntity';
import {
  createKubernetesGet,
  type KubernetesClientOptions,
} from '../collect/kubernetesClient';
import type { KubernetesGet } from '../collect/listAll';
import { postObject } from './sandboxWrites';

/**
 * The sandbox of the one cluster `prod` (`prodScenario(name, cluster)`) for a suite of
 * collector tests over its Kubernetes API: `get` reads it as the collector does, with the
 * plugin's token and the client `options` of ecrAccess.kubernetes; `post` writes an object
 * as the field manager `manager` would.
 */
export function useProdClusterSandbox(
  name: string,
  cluster?: Parameters<typeof prodScenario>[1],
) {
  const sandbox = useSandbox({ scenario: prodScenario(name, cluster) });
  const get = (options?: KubernetesClientOptions): KubernetesGet => {
    const c = sandbox().clusters[0];
    return createKubernetesGet(
      { name: c.name, url: c.url, token: c.token },
      options,
    );
  };
  const post = (object: ManifestObject, manager?: string) =>
    postObject(sandbox(), 'prod', object, manager);
  return { sandbox, get, post };
}

/**
 * What the refresh button reads of the component `kubernetesId` (its label-selected
 * workloads, through `get`), classified as the audit classifies a cluster.
 */
export async function refreshComponent(
  get: KubernetesGet,
  kubernetesId: string,
) {
  const refreshed = await collectForEntity(prodClusterConfig(), get, {
    entityRef: `component:default/${kubernetesId}`,
    kubernetesId,
  });
  const statuses = classifyCluster(
    { ...refreshed.snapshot, entities: undefined },
    {},
    new Date(),
  );
  return { refreshed, statuses };
}
