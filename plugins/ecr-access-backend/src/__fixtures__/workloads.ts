import {
  createFinding,
  FindingCode,
  Health,
  PullAuth,
  severityToHealth,
  WorkloadStatus,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { EntityClusterResult } from '../database';

/** A workload as the classifier would produce it, with the given mechanism and findings. */
export function workload(options: {
  cluster: string;
  name: string;
  entityRef?: string;
  pullAuth?: PullAuth;
  findings?: FindingCode[];
  checkedAt?: string;
}): WorkloadStatus {
  const pullAuth = options.pullAuth ?? 'node-role';
  const findings = (options.findings ?? []).map(code =>
    createFinding(
      code,
      `Deployment shop/${options.name}`,
      // Worded as the engine words findings: in words, never the code (the sentence quotes it).
      `${code.toLowerCase().replace(/_/g, ' ')} here`,
    ),
  );
  const health: Health = worstHealth(
    findings.map(f => severityToHealth(f.severity)),
  );
  return {
    cluster: options.cluster,
    namespace: 'shop',
    kind: 'Deployment',
    name: options.name,
    entityRefs: [options.entityRef ?? `component:default/${options.name}`],
    serviceAccount: 'default',
    ...(pullAuth === 'service-account-role'
      ? { ecrRoleArn: `arn:aws:iam::123456789012:role/${options.name}-pull` }
      : {}),
    runtimeIdentity: 'none',
    pullAuth,
    pullAuths: [pullAuth],
    containers: [
      {
        name: 'app',
        init: false,
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${options.name}:1`,
        pullAuth,
        findings,
        health,
      },
    ],
    findings,
    health,
    checkedAt: options.checkedAt ?? '2026-11-23T10:00:00.000Z',
  };
}

/** A catalog entity with the given workloads in one cluster. */
export function entityResult(
  name: string,
  workloads: WorkloadStatus[],
  extra: Partial<EntityClusterResult> = {},
): EntityClusterResult {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    owner: 'group:default/team-a',
    workloads,
    ...extra,
  };
}

/** Cluster prod: web (node role, ok) and shop (static secret expired, error), `shop` over shop's entity. */
export function prodWebAndShop(
  shop: Partial<EntityClusterResult> = {},
): EntityClusterResult[] {
  return [
    entityResult('web', [workload({ cluster: 'prod', name: 'web' })]),
    entityResult(
      'shop',
      [
        workload({
          cluster: 'prod',
          name: 'shop',
          pullAuth: 'static-secret',
          findings: ['SECRET_EXPIRED'],
        }),
      ],
      shop,
    ),
  ];
}

/** Cluster staging: api, pulling with IRSA, with the given findings. */
export function stagingApi(findings: FindingCode[] = []): EntityClusterResult {
  return entityResult('api', [
    workload({
      cluster: 'staging',
      name: 'api',
      pullAuth: 'service-account-role',
      findings,
    }),
  ]);
}
