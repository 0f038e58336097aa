import { TestDatabases } from '@backstage/backend-test-utils';
import { verdictOf } from '../__testUtils__/storedAudit';
import { PAGED_CLUSTER, sum, useFaultMatrix } from './faultMatrixHarness';
import { IamRoleCopier, patchServiceAccountAnnotation } from './sandboxWrites';

jest.setTimeout(60_000);

// Issue 9, fault matrix, the IAM rows (the cluster and database rows are in
// faultMatrix.clusters.e2e.test.ts), with the same set-up and the same checks
// (faultMatrixHarness.ts), on each database engine.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'fault matrix, IAM (%s)',
  databaseId => {
    const m = useFaultMatrix(() => databases.init(databaseId));

    it('30 % IAM Throttling: the SDK retries, nothing lost', async () => {
      m.resetDraws();
      const outcome = await m.audit([
        { api: 'iam', error: 'throttle', errorRate: 0.3 },
      ]);
      const total = m.expectSurvived(outcome);
      expect(m.changedSinceClean(outcome)).toEqual([]);
      expect(outcome.runs.flatMap(r => r.errors)).toEqual([]);
      // Retries happened: more IAM requests than the clean audit, within the overall bound.
      expect(sum(outcome.requests, 'iam/')).toBeGreaterThan(
        sum(m.clean.requests, 'iam/'),
      );
      expect(total).toBeLessThanOrEqual(2 * sum(m.clean.requests));
    });

    it('IAM eventual consistency on a new role: reported as not found, healed at the next audit', async () => {
      const ref = 'component:default/payments-api';
      const copier = new IamRoleCopier(m.sandbox.awsEndpoint, '111122223333');
      const source = 'irsa-payments-api';
      const copy = 'irsa-payments-api-v2';
      m.sandbox.setIamPropagation(1_500);
      const arn = await copier.copyRole(source, copy);
      const original = await patchServiceAccountAnnotation(
        m.sandbox,
        PAGED_CLUSTER,
        'payments',
        'payments-api',
        'eks.amazonaws.com/ecr-role-arn',
        arn,
      );
      try {
        const during = await m.audit();
        m.expectSurvived(during);
        // IAM answers NoSuchEntity for the new role: the audit says so rather than guessing.
        expect(verdictOf(during.statuses.get(ref)!).findingCodes).toContain(
          'ROLE_NOT_FOUND',
        );
        expect(m.changedSinceClean(during)).toEqual([ref]);

        await copier.waitUntilVisible(copy);
        const after = await m.audit();
        m.expectSurvived(after);
        expect(m.changedSinceClean(after)).toEqual([]);
        // Two changes recorded for the entity (broken, then healed), each once.
        const history = await m.harness.store.getHistory(ref, { limit: 10 });
        expect(
          history
            .slice(0, 2)
            .map(h => h.findingCodes.includes('ROLE_NOT_FOUND')),
        ).toEqual([false, true]);
      } finally {
        m.sandbox.setIamPropagation(0);
        await patchServiceAccountAnnotation(
          m.sandbox,
          PAGED_CLUSTER,
          'payments',
          'payments-api',
          'eks.amazonaws.com/ecr-role-arn',
          original!,
        );
        await copier.deleteRole(copy);
      }
      const restored = await m.audit();
      expect(m.changedSinceClean(restored)).toEqual([]);
    });
  },
);
