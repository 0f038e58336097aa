import type { SchedulerService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  DEMO_SCENARIO,
  demoEntities,
  EXAMPLES,
  sandboxAppConfig,
  useDateOnlyClock,
  useSandbox,
} from '@ecr-access/test-utils';
import path from 'node:path';
import request from 'supertest';
import { demoTestConfig, demoTestFeatures } from '../__testUtils__/demoBackend';
import { waitUntil } from './waitUntil';

jest.setTimeout(180_000);

/** The demo's guest, as app-config.yaml signs her in: a member of the three teams. */
const GUEST = 'user:default/guest';
/** As app-config.yaml sets it: invoice-renderer's token (2 h left) enters it 2 min later. */
const DEMO_WINDOW = { hours: 1, minutes: 58 };
const CLUSTERS = ['prod-use1', 'shared-usw2', 'edge-euw1'];

type MockScheduler = SchedulerService & {
  factory(options: { skipTaskRunOnStartup?: boolean }): never;
};

interface Inbox {
  totalCount: number;
  notifications: Array<{
    origin: string;
    payload: { title: string; link?: string; severity: string };
  }>;
}

/**
 * Issue #20's "done when", without a browser: the demo backend (its features, the
 * notifications backend among them, and its catalog of examples/) over the demo's sandbox.
 * ecr-access's notifications reach the demo's guest through the notifications backend, which
 * resolves each entity to its owning team and the team to its members; the one about
 * invoice-renderer's secret arrives once the clock passes the demo's window.
 */
describe('notifications to owners in the demo', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  const scheduler = mockServices.scheduler() as MockScheduler;

  // Before the sandbox starts: the demo backend, its audit and the sandbox read the same clock.
  useDateOnlyClock();
  const sandbox = useSandbox({
    scenario: DEMO_SCENARIO,
    region: 'us-east-1',
    timeout: 120_000,
    stopping: () => backend?.stop(),
  });

  const get = (url: string) =>
    request(backend!.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header(GUEST));

  async function inbox(): Promise<Inbox> {
    const res = await get('/api/notifications/notifications?limit=100');
    expect(res.status).toBe(200);
    return res.body;
  }

  const titles = async () =>
    (await inbox()).notifications.map(n => n.payload.title).sort();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        ...demoTestFeatures,
        mockServices.rootConfig.factory({
          data: demoTestConfig({
            ...sandboxAppConfig(sandbox(), {
              ecrAccess: { notifications: { expiryWindow: DEMO_WINDOW } },
            }),
            catalog: {
              rules: [
                { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(EXAMPLES, 'entities/all.yaml'),
                },
              ],
            },
          }),
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    // The catalog ingests examples/ in the background: wait for the guest's teams and every
    // demo service (the audit covers the entities the catalog has when it starts).
    const services = demoEntities().length;
    const ready = await waitUntil(
      async () => {
        const team = await get(
          '/api/catalog/entities/by-name/group/default/team-payments',
        );
        const member = (team.body?.relations ?? []).some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'hasMember' && r.targetRef === GUEST,
        );
        const listed = await get(
          '/api/catalog/entities/by-query?filter=kind=component&limit=500',
        );
        return member && listed.body?.items?.length === services
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    if (!ready) throw new Error('the catalog never had the demo entities');
    await Promise.all(
      CLUSTERS.map(c => scheduler.triggerTask(`ecr-access-audit:${c}`)),
    );
  });

  it("shows the guest her teams' entities that are broken now, from ecr-access, linking to each", async () => {
    // On by itself: the demo backend runs the notifications plugin.
    await scheduler.triggerTask('ecr-access-notify-owners');
    const { notifications } = await inbox();
    const fromEcrAccess = notifications.filter(
      n => n.origin === 'plugin:ecr-access',
    );
    expect(fromEcrAccess.length).toBe(notifications.length);
    expect(fromEcrAccess.map(n => n.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: expect.stringMatching(
            /^legacy-billing: pull secret billing\/billing-regcred on prod-use1 expired/,
          ),
          link: '/catalog/default/component/legacy-billing',
          severity: 'high',
        }),
        expect.objectContaining({
          title:
            'fraud-scorer: CronJob fraud/fraud-ecr-refresher on prod-use1: the refresher of the pull secret is failing or suspended',
        }),
      ]),
    );
    expect(await titles()).not.toContainEqual(
      expect.stringMatching(/^invoice-renderer: pull secret/),
    );
  });

  it("shows invoice-renderer's expiring secret once the clock passes the window, once", async () => {
    const before = (await inbox()).totalCount;
    jest.setSystemTime(Date.now() + 3 * 60_000);
    await scheduler.triggerTask('ecr-access-notify-owners');
    await scheduler.triggerTask('ecr-access-notify-owners');
    const after = await inbox();
    expect(after.totalCount).toBe(before + 1);
    expect(after.notifications.map(n => n.payload)).toContainEqual(
      expect.objectContaining({
        title: expect.stringMatching(
          /^invoice-renderer: pull secret billing\/invoice-regcred on prod-use1 expires in 1 h \d+ min|^invoice-renderer: pull secret billing\/invoice-regcred on prod-use1 expires in 1 h$/,
        ),
        link: '/catalog/default/component/invoice-renderer',
        severity: 'normal',
      }),
    );
  });
});
