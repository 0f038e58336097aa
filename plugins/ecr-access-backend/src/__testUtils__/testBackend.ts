import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { asUser, recordingAuditor } from '@ecr-access/test-utils';
import { Knex } from 'knex';
import { DatabaseEcrAccessStore } from '../database';
import { ecrAccessPlugin } from '../plugin';
import {
  permissionAwareCatalog,
  seedStatuses,
  userPermissions,
} from '../__fixtures__/access';
import { aggregateStatus } from '../audit/pipeline';

/**
 * The plugin in a test backend on the given database, seeded with {@link seedStatuses},
 * with the permission-aware catalog and the users of `__fixtures__/access`. Requests without an
 * Authorization header carry no credentials.
 */
export async function startEcrAccessBackend(knex: Knex): Promise<
  {
    backend: TestBackend;
    server: TestBackend['server'];
    store: DatabaseEcrAccessStore;
  } & Pick<ReturnType<typeof recordingAuditor>, 'auditor' | 'auditEvent'>
> {
  const { auditor, auditEvent } = recordingAuditor();
  const backend: TestBackend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissionAwareCatalog().factory,
      userPermissions().factory,
      auditor.factory,
    ],
  });
  const store = await DatabaseEcrAccessStore.create({
    database: mockServices.database({ knex }),
    aggregate: aggregateStatus,
  });
  await seedStatuses(store);
  return { backend, server: backend.server, store, auditor, auditEvent };
}

/** The Authorization header of a request made as `user`. */
export const as = asUser;
