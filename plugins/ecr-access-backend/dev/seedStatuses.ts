import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { entityResult, workload } from '../src/__fixtures__/workloads';
import { aggregateStatus } from '../src/audit/pipeline';
import { DatabaseEcrAccessStore } from '../src/database';

/**
 * Development only: gives the one-entity catalog of `dev/index.ts` a stored status, so that
 * the API answers something before the audit exists.
 */
export const seedStatusesModule = createBackendModule({
  pluginId: 'ecr-access',
  moduleId: 'dev-seed',
  register(env) {
    env.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        const store = await DatabaseEcrAccessStore.create({
          database,
          aggregate: aggregateStatus,
        });
        await store.writeClusterResults({
          cluster: 'dev',
          checkedAt: new Date(),
          entities: [
            entityResult(
              'payments-api',
              [
                workload({
                  cluster: 'dev',
                  name: 'payments-api',
                  pullAuth: 'static-secret',
                  findings: ['SECRET_EXPIRED'],
                }),
              ],
              { owner: 'group:default/team-payments' },
            ),
          ],
        });
      },
    });
  },
});
