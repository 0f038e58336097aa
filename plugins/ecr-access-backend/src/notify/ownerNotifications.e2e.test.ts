import { TestDatabases } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DEMO_SCENARIO,
  useDateOnlyClock,
  useSandbox,
} from '@ecr-access/test-utils';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import { startNotifyingBackend } from './__testUtils__/notifyingBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const HOUR = 3_600_000;
const INVOICE = 'component:default/invoice-renderer';
const INVOICE_SECRET =
  'ecr-access:component:default/invoice-renderer:secret-expiry|prod-use1|billing/invoice-regcred';

/** A new token for the registry, as `kubectl create secret docker-registry` writes one. */
const REWRITTEN = Buffer.from(
  JSON.stringify({
    auths: {
      '111122223333.dkr.ecr.us-east-1.amazonaws.com': {
        auth: Buffer.from('AWS:new-token').toString('base64'),
      },
    },
  }),
).toString('base64');

type Backend = Awaited<ReturnType<typeof startNotifyingBackend>>;

/**
 * Issue #20's notifications to owners, end to end: the demo's sandbox, the plugin as
 * installed with its scheduled audit and evaluation, and a clock moved past the window.
 * invoice-renderer's static secret (written 10 h before the sandbox started, so its token
 * has 2 h left) is outside a 1-hour window at first and inside it once the clock moved.
 */
describe.each(databases.eachSupportedId())(
  'notifications to owners over the sandbox (%s)',
  databaseId => {
    const sent: NotificationSendOptions[] = [];
    let backend: Backend | undefined;

    // Before the sandbox starts, so that its clock and the plugin's are the one moved.
    useDateOnlyClock();
    const sandbox = useSandbox({
      scenario: DEMO_SCENARIO,
      stopping: () => backend?.backend.stop(),
    });

    const scopes = () => sent.map(s => s.payload.scope);
    const of = (scope: string) => sent.filter(s => s.payload.scope === scope);

    beforeAll(async () => {
      backend = await startNotifyingBackend({
        sandbox: sandbox(),
        knex: await databases.init(databaseId),
        notifications: { enabled: true, expiryWindow: 'PT1H' },
        send: async options => {
          sent.push(options);
        },
      });
      await backend.audit();
    });

    it('tells the owners of what is wrong now, once each, and nothing of what is not due', async () => {
      await backend!.evaluate();
      const first = [...sent];
      // Each to the entity, which the notifications backend resolves to its owners.
      expect(first.every(s => s.recipients.type === 'entity')).toBe(true);
      // One per entity and condition: no scope twice.
      expect(new Set(scopes()).size).toBe(first.length);
      expect(scopes()).toEqual(
        expect.arrayContaining([
          'ecr-access:component:default/legacy-billing:secret-expiry|prod-use1|billing/billing-regcred',
          'ecr-access:component:default/fraud-scorer:refresher|prod-use1|REFRESHER_FAILING|CronJob fraud/fraud-ecr-refresher',
          'ecr-access:component:default/analytics-etl:health-error|',
        ]),
      );
      // 2 h left, outside the 1-hour window: not yet.
      expect(scopes()).not.toContain(INVOICE_SECRET);
      const legacy = first.find(s =>
        s.payload.scope?.startsWith(
          'ecr-access:component:default/legacy-billing:secret',
        ),
      )!;
      expect(legacy).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: 'component:default/legacy-billing',
        },
        payload: {
          severity: 'high',
          topic: 'ecr-access',
          link: '/catalog/default/component/legacy-billing',
          title: expect.stringMatching(
            /^legacy-billing: pull secret billing\/billing-regcred on prod-use1 expired \d+ days ago$/,
          ),
          description: expect.stringContaining(
            'What to do: ECR tokens live 12 hours',
          ),
        },
      });
      expect(JSON.stringify(sent)).not.toContain(sandbox().canary);

      // The same statuses, evaluated again: nothing new.
      await backend!.evaluate();
      expect(sent).toHaveLength(first.length);
      // A new audit of unchanged clusters: nothing new either.
      await backend!.audit();
      await backend!.evaluate();
      expect(sent).toHaveLength(first.length);
    });

    it('tells them of the secret about to expire once the clock passes the window', async () => {
      const before = sent.length;
      jest.setSystemTime(Date.now() + HOUR + 5 * 60_000);
      await backend!.evaluate();
      expect(sent.slice(before).map(s => s.payload.scope)).toEqual([
        INVOICE_SECRET,
      ]);
      expect(of(INVOICE_SECRET)[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: INVOICE },
        payload: {
          severity: 'normal',
          title: expect.stringMatching(
            /^invoice-renderer: pull secret billing\/invoice-regcred on prod-use1 expires in \d+ min$/,
          ),
        },
      });
      // Time passing again, inside the window: still the one notification.
      jest.setSystemTime(Date.now() + 10 * 60_000);
      await backend!.evaluate();
      expect(of(INVOICE_SECRET)).toHaveLength(1);
    });

    it('says once that it is resolved when the secret is rewritten', async () => {
      const before = sent.length;
      // What a person (or a refresher) does: write the secret again, which dates it now.
      await kubernetesRequest(
        sandbox(),
        'prod-use1',
        'PATCH',
        '/api/v1/namespaces/billing/secrets/invoice-regcred?fieldManager=kubectl-edit',
        { data: { '.dockerconfigjson': REWRITTEN } },
        'application/merge-patch+json',
      );
      expect((await backend!.refresh('invoice-renderer')).status).toBe(200);
      await backend!.evaluate();
      await backend!.evaluate();
      const resolved = sent.slice(before);
      expect(resolved.map(s => s.payload.scope)).toEqual([INVOICE_SECRET]);
      expect(resolved[0].payload).toMatchObject({
        severity: 'low',
        title:
          'Resolved: invoice-renderer: pull secret billing/invoice-regcred on prod-use1 no longer about to expire',
      });
    });
  },
);
