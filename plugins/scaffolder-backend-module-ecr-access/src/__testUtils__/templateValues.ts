/**
 * What the wizard sends for "New service with IRSA": a service `name` in payments on
 * prod-use1, pulling payments/api. The wizard fills in the registry and tag defaults; the
 * API does not, so a test through the API gives them.
 */
export function newServiceValues(name: string) {
  return {
    name,
    owner: 'group:default/team-payments',
    cluster: 'prod-use1',
    namespace: 'payments',
    repository: 'payments/api',
    registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com',
    imageTag: '1.0.0',
  };
}

/**
 * What the wizard sends for "Migrate a service off its rotating pull secret" for
 * orders-worker (`ORDERS_WORKER`) on shared-usw2: its pull secret regcred and the CronJob
 * that refreshes it, as the sandbox's scenario holds them.
 */
export const ORDERS_WORKER_MIGRATION = {
  entity: 'component:default/orders-worker',
  cluster: 'shared-usw2',
  namespace: 'payments',
  deployment: 'orders-worker',
  serviceAccountName: 'orders-worker',
  repositories: ['payments/api'],
  pullSecret: 'regcred',
  refresherCronJob: 'ecr-cred-refresher',
};
