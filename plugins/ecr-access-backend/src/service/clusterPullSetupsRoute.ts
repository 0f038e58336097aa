import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClusterPullSetupsResponse,
  ecrAccessAuditRunsReadPermission,
  RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';
import { readEcrAccessClusters } from '@ecr-access/plugin-ecr-access-node/clients';
import { Router } from 'express';
import { EcrAccessStore, StoredClusterPullSetup } from '../database';
import { redactEndpoints } from './auditErrors';
import { parseNoQuery } from './queryParams';

export interface ClusterPullSetupsOptions {
  store: EcrAccessStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The app-config: its `ecrAccess.clusters` are the clusters served (none without it). */
  config?: Config;
}

/** Workloads per runtime identity over the clusters' pull set-ups. */
function runtimeIdentities(
  items: StoredClusterPullSetup[],
): ClusterPullSetupsResponse['runtimeIdentities'] {
  const sums: Partial<Record<RuntimeIdentity, number>> = {};
  for (const item of items) {
    for (const byIdentity of Object.values(item.pullSetup?.workloads ?? {})) {
      for (const [identity, count] of Object.entries(byIdentity ?? {})) {
        const key = identity as RuntimeIdentity;
        sums[key] = (sums[key] ?? 0) + (count ?? 0);
      }
    }
  }
  return sums;
}

/** A stored item as served: the cluster's error without endpoints, as on every route. */
function served(item: StoredClusterPullSetup) {
  const error = item.state?.error;
  return error === undefined
    ? item
    : { ...item, state: { ...item.state!, error: redactEndpoints(error) } };
}

/**
 * `GET /audit/clusters`: each configured cluster's latest pull set-up and reachability, and
 * workloads per runtime identity over them. Node roles' ARNs, node names and the clusters'
 * config describe clusters rather than any one entity, so the catalog's read permission
 * cannot decide them: it needs `ecr-access.audit.runs.read`, as the runs the set-ups are
 * stored with do.
 */
export function addClusterPullSetupsRoute(
  router: Router,
  options: ClusterPullSetupsOptions,
) {
  const { store, httpAuth, permissions } = options;
  // Read once: a configuration mistake has already stopped start-up.
  const clusters = options.config
    ? readEcrAccessClusters(options.config).map(c => c.name)
    : [];
  router.get('/audit/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    parseNoQuery(req.query);
    const [decision] = await permissions.authorize(
      [{ permission: ecrAccessAuditRunsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read the clusters');
    }
    const items = await store.clusterPullSetups(clusters);
    res.json({
      items: items.map(served),
      runtimeIdentities: runtimeIdentities(items),
    } satisfies ClusterPullSetupsResponse);
  });
}
