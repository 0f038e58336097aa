import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  createFinding,
  type PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ecrAccessApiRef, type EcrAccessApi } from '../../api';
import {
  auditedEntity,
  DEPLOYMENT_REFRESHER,
  FAILING_REFRESHER,
  MASKED_EXPIRED_STATIC_SECRET,
  SEED_002_ROTATING_SECRET,
  STATUS_BY_MECHANISM,
} from '../../__fixtures__/statuses';
import { EntityEcrAccessCard } from './EntityEcrAccessCard';

function fakeApi(
  overrides: Partial<EcrAccessApi> = {},
): jest.Mocked<EcrAccessApi> {
  return {
    getEntityStatus: jest.fn(async () => undefined),
    getEntityHistory: jest.fn(async () => []),
    refreshEntity: jest.fn(),
    getAudit: jest.fn(),
    exportAuditCsv: jest.fn(),
    getAuditRuns: jest.fn(async () => []),
    ...overrides,
  } as jest.Mocked<EcrAccessApi>;
}

async function renderCard(
  api: EcrAccessApi,
  options: {
    name?: string;
    allowRefresh?: boolean;
    annotations?: Record<string, string>;
  } = {},
) {
  const permissionApi = mockApis.permission({
    authorize:
      options.allowRefresh === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [ecrAccessApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={entityOf(options)}>
        <EntityEcrAccessCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function entityOf(options: {
  name?: string;
  annotations?: Record<string, string>;
}) {
  const entity = auditedEntity(options.name ?? 'payments-api');
  if (options.annotations) entity.metadata.annotations = options.annotations;
  return entity;
}

/**
 * The card's sentence, whole: its ages are <time> elements (ticking, with tooltips) inside
 * the paragraph, so it is matched by the paragraph's text.
 */
function sentence(text: string) {
  return (_: string, element: Element | null) =>
    element?.tagName === 'P' && element.textContent === text;
}

/** The value of a labelled field (a description list's `dd`) in a region. */
function field(region: HTMLElement, label: string): HTMLElement {
  const dd = within(region).getByText(label).closest('dt')?.nextElementSibling;
  if (!dd) throw new Error(`no field ${label}`);
  return dd as HTMLElement;
}

describe('EntityEcrAccessCard', () => {
  it.each<[PullAuth, string]>([
    ['service-account-role', 'IRSA for pulls'],
    ['rotating-secret', 'Rotating secret'],
    ['static-secret', 'Static secret'],
    ['node-role', 'Node role'],
    ['fargate-role', 'Fargate role'],
    ['anonymous', 'Anonymous'],
    ['unknown', 'Unknown'],
  ])(
    'headlines %s as "%s" with the summary sentence',
    async (mechanism, label) => {
      const status = STATUS_BY_MECHANISM[mechanism];
      await renderCard(
        fakeApi({ getEntityStatus: jest.fn(async () => status) }),
      );
      expect(
        await screen.findByRole('heading', { level: 4, name: label }),
      ).toBeInTheDocument();
      expect(screen.getByText(sentence(status.summary))).toBeInTheDocument();
      expect(screen.getByText(/^Checked/)).toHaveTextContent(/5 minutes ago/);
    },
  );

  it('shows an IRSA workload with its service account and a console link to the role', async () => {
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(
          async () => STATUS_BY_MECHANISM['service-account-role'],
        ),
      }),
    );
    const workload = await screen.findByRole('region', {
      name: 'Deployment shop/payments-api',
    });
    expect(
      within(workload).getByText('payments-api', { selector: 'span' }),
    ).toBeInTheDocument();
    const links = within(workload).getAllByRole('link', {
      name: 'Role irsa-payments-api in the IAM console',
    });
    expect(links[0]).toHaveAttribute(
      'href',
      'https://console.aws.amazon.com/iam/home#/roles/details/irsa-payments-api',
    );
    const runtime = within(workload)
      .getByText('Runtime identity')
      .closest('dt');
    expect(runtime?.nextElementSibling).toHaveTextContent(
      'IRSA (irsa-payments-api)',
    );
  });

  it('shows a rotating secret with its age, a live expiry countdown and its refresher', async () => {
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(
          async () => STATUS_BY_MECHANISM['rotating-secret'],
        ),
      }),
      { name: 'orders-worker' },
    );
    expect(
      await screen.findByText(
        /written 2 hours ago by kubectl-client-side-apply/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^expires in (9|10) h \d\d min \d\d s$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /CronJob shop\/ecr-cred-refresher \(0 \*\/6 \* \* \*, every 6 h\); last success 2 hours ago/,
      ),
    ).toBeInTheDocument();
  });

  it('shows an expired static secret as broken, with the finding and its remediation', async () => {
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(
          async () => STATUS_BY_MECHANISM['static-secret'],
        ),
      }),
      { name: 'legacy-billing' },
    );
    expect(await screen.findByText('Broken')).toBeInTheDocument();
    expect(
      screen.getByText(
        sentence('Pulls use a static secret that expired 2 days ago'),
      ),
    ).toBeInTheDocument();
    const findings = screen.getByRole('region', { name: 'Findings' });
    expect(
      within(findings).getByText(
        /Error: The pull secret holds an expired ECR token/,
      ),
    ).toBeInTheDocument();
    expect(
      within(findings).getByText(/ECR tokens live 12 hours/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('none: nothing rewrites this secret'),
    ).toBeInTheDocument();
  });

  it('words the sentence by the same clock as the countdown, not when it was stored', async () => {
    // The stored sentence dates from the audit that wrote it, two days earlier.
    const status = {
      ...STATUS_BY_MECHANISM['static-secret'],
      summary: 'Pulls use a static secret that expires in 10 h',
    };
    await renderCard(
      fakeApi({ getEntityStatus: jest.fn(async () => status) }),
      {
        name: 'legacy-billing',
      },
    );
    expect(
      await screen.findByText(
        sentence('Pulls use a static secret that expired 2 days ago'),
      ),
    ).toBeInTheDocument();
    const expiry = screen
      .getAllByText('expired 2 days ago')
      .find(e => e.closest('p'));
    expect(expiry?.closest('time')).toHaveAttribute(
      'title',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
    );
    expect(screen.queryByText(/expires in 10 h/)).not.toBeInTheDocument();
  });

  describe('with a moving clock', () => {
    const T0 = new Date('2026-12-03T10:00:00.000Z');
    const HOUR = 3_600_000;
    afterEach(() => jest.useRealTimers());

    /** A static secret written 10 h 30 min before T0: its token expires 1 h 30 min after. */
    function expiringSecret() {
      const base = STATUS_BY_MECHANISM['static-secret'];
      const expiresAt = new Date(T0.getTime() + 1.5 * HOUR).toISOString();
      const soon = {
        code: 'SECRET_EXPIRES_SOON' as const,
        severity: 'warning' as const,
        subject: 'Secret shop/billing-regcred',
        // As the engine worded it at audit time, T0.
        message:
          'the ECR token in billing-regcred expires in 1 h and nothing refreshes it',
        remediation: '',
      };
      const w = base.workloads[0];
      const container = {
        ...w.containers[0],
        secret: {
          ...w.containers[0].secret!,
          lastWriteAt: new Date(T0.getTime() - 10.5 * HOUR).toISOString(),
          expiresAt,
        },
        findings: [soon],
        health: 'warning' as const,
      };
      const workload = {
        ...w,
        containers: [container],
        findings: [soon],
        health: 'warning' as const,
      };
      return {
        ...base,
        health: 'warning' as const,
        workloads: [workload],
        findings: [soon],
        summary: 'Pulls use a static secret that expires in 1 h',
      };
    }

    it("words a finding's ages and the sentence by the card's clock as it ticks", async () => {
      jest.useFakeTimers({ now: T0, advanceTimers: true });
      const status = expiringSecret();
      await renderCard(
        fakeApi({ getEntityStatus: jest.fn(async () => status) }),
        { name: 'legacy-billing' },
      );
      const findings = await screen.findByRole('region', { name: 'Findings' });
      // The age is a <time> in the message: the message is its paragraph.
      const message = within(findings).getByText(
        /the ECR token in billing-regcred/,
      );
      // To the minute, as the countdown beside it (the clock may have moved a few ms).
      expect(message).toHaveTextContent(
        /^Secret shop\/billing-regcred — the ECR token in billing-regcred expires in 1 h (29|30) min and nothing refreshes it$/,
      );
      expect(
        screen.getByText(
          (_, element) =>
            element?.tagName === 'P' &&
            /^Pulls use a static secret that expires in 1 h (29|30) min$/.test(
              element.textContent ?? '',
            ),
        ),
      ).toBeInTheDocument();

      // Two hours on, the page still open: the token has expired half an hour ago.
      act(() => {
        jest.setSystemTime(new Date(T0.getTime() + 2 * HOUR));
        jest.advanceTimersByTime(1000);
      });
      expect(message).toHaveTextContent(
        'Secret shop/billing-regcred — the ECR token in billing-regcred expired 30 min ago and nothing refreshes it',
      );
      expect(within(message).getByText('expired 30 min ago')).toHaveAttribute(
        'title',
        '2026-12-03 11:30:00 UTC',
      );
      expect(
        screen.getByText(
          sentence('Pulls use a static secret that expired 30 min ago'),
        ),
      ).toBeInTheDocument();
    });
  });

  it('says what <redacted> in a finding withheld, and why', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      stale: true,
      findings: [
        {
          code: 'CLUSTER_UNREACHABLE' as const,
          severity: 'unknown' as const,
          subject: 'cluster edge-euw1',
          message:
            'cluster edge-euw1 could not be read (request to <redacted> failed, reason: connect ECONNREFUSED <redacted>)',
          remediation: 'Check the connection.',
        },
      ],
      clusters: [{ cluster: 'edge-euw1', reachable: false }],
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    const findings = await screen.findByRole('region', { name: 'Findings' });
    expect(
      within(findings).getByText(
        /^Addresses withheld: .* would name the clusters' API servers/,
      ),
    ).toBeInTheDocument();
    expect(
      within(findings)
        .getByText(/The last audit could not reach the cluster/)
        .closest('[data-finding-code]'),
    ).toHaveAttribute('title', 'CLUSTER_UNREACHABLE');
  });

  it('says what to do while loading', async () => {
    await renderCard(
      fakeApi({ getEntityStatus: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      await screen.findByRole('status', { name: 'Loading ECR access status' }),
    ).toBeInTheDocument();
  });

  it('says when the entity was not audited yet, and what to do', async () => {
    await renderCard(fakeApi());
    expect(await screen.findByText('Not audited')).toBeInTheDocument();
    expect(
      screen.getByText(/check back after the next run, or press Refresh/),
    ).toBeInTheDocument();
  });

  it('says why an entity without Kubernetes annotations is not audited', async () => {
    await renderCard(fakeApi(), { annotations: {} });
    expect(await screen.findByText('Not audited')).toBeInTheDocument();
    expect(
      screen.getByText(/this entity has neither\. Add one that matches/),
    ).toBeInTheDocument();
  });

  it('says when no workloads were found: the label searched, the clusters read, and unknown', async () => {
    // As the backend serves it: unknown, with NO_WORKLOADS_FOUND (nothing found is not ok).
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      health: 'unknown' as const,
      mechanisms: [],
      workloads: [],
      findings: [
        createFinding(
          'NO_WORKLOADS_FOUND',
          'entity component:default/payments-api',
          'No workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, Rollout) carries the label on clusters prod-use1, shared-usw2',
        ),
      ],
      clusters: [
        { cluster: 'prod-use1', reachable: true },
        { cluster: 'shared-usw2', reachable: true },
      ],
      summary: 'No workloads found',
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    expect(
      await screen.findByText('No workloads found', {
        selector: '.bui-AlertTitle, .bui-AlertTitle *',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Searched label/).closest('p')).toHaveTextContent(
      'Searched label backstage.io/kubernetes-id=payments-api on clusters prod-use1, shared-usw2: no Deployment, StatefulSet, DaemonSet, CronJob, Job or Argo Rollout matches. Workloads of other kinds (bare Pods, Knative Services…) are not checked, so how this entity pulls its images is unknown.',
    );
    // The finding is the alert itself, not a second list beside it.
    expect(screen.queryByText(/carries the label/)).not.toBeInTheDocument();
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Check that the workloads carry that label/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { level: 4, name: 'Unknown' }),
    ).not.toBeInTheDocument();
  });

  it('names the label selector and namespace annotations when they are set', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      mechanisms: [],
      workloads: [],
      findings: [],
      clusters: [{ cluster: 'prod-use1', reachable: true }],
      summary: 'No workloads found',
    };
    await renderCard(
      fakeApi({ getEntityStatus: jest.fn(async () => status) }),
      {
        name: 'metrics-collector',
        annotations: {
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/name=metrics',
          'backstage.io/kubernetes-namespace': 'monitoring',
        },
      },
    );
    expect(
      (await screen.findByText(/^Searched label/)).closest('p'),
    ).toHaveTextContent(
      'Searched label app.kubernetes.io/name=metrics in namespace monitoring on cluster prod-use1:',
    );
  });

  it('says the first audit is running when nothing was read and no cluster failed', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      health: 'unknown' as const,
      mechanisms: [],
      workloads: [],
      findings: [],
      checked: false,
      stale: false,
      clusters: [],
      summary: 'Not yet checked',
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    expect(
      await screen.findByText('Not yet checked: first audit running'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
    expect(screen.queryByText(/No workloads found/i)).not.toBeInTheDocument();
  });

  it('says what went wrong on an error, and retries', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'database is down' },
        request: { method: 'GET', url: '/' },
        response: { statusCode: 500 },
      }),
      { status: 500, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const getEntityStatus = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(STATUS_BY_MECHANISM['node-role']);
    await renderCard(fakeApi({ getEntityStatus }));
    expect(
      await screen.findByText('Could not load the ECR access status'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/answered 500: database is down\. Try again/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { name: 'Node role' }),
    ).toBeInTheDocument();
  });

  it('shows a stale badge naming the unreachable cluster', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      stale: true,
      clusters: [{ cluster: 'edge-euw1', reachable: false }],
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    expect(await screen.findByLabelText('Stale status')).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Unreachable clusters' });
    expect(within(list).getByRole('listitem')).toHaveTextContent(
      /^Stale: edge-euw1 unreachable; never read$/,
    );
  });

  it('says since when a cluster is unreachable and when it was last read', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      stale: true,
      clusters: [
        { cluster: 'prod-use1', reachable: true },
        {
          cluster: 'edge-euw1',
          reachable: false,
          checkedAt: new Date().toISOString(),
          unreachableSince: new Date(Date.now() - 2 * 3600_000).toISOString(),
          lastSuccessAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        },
      ],
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    const list = await screen.findByRole('list', {
      name: 'Unreachable clusters',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getByRole('listitem')).toHaveTextContent(
      /Stale: edge-euw1 unreachable since 2 hours ago; last good read 3 hours ago/,
    );
  });

  it('says "Not yet checked", with no health claimed, when no cluster was read', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      health: 'unknown' as const,
      mechanisms: [],
      workloads: [],
      findings: [],
      checked: false,
      stale: true,
      clusters: [{ cluster: 'edge-euw1', reachable: false }],
      summary: 'Not yet checked: edge-euw1 could not be read',
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    expect(
      await screen
        .findByRole('alert', { name: /Not yet checked/ })
        .catch(() => screen.findByText('Not yet checked')),
    ).toBeInTheDocument();
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
    expect(screen.queryByText(/No workloads found/i)).not.toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Unreachable clusters' }),
      ).getByRole('listitem'),
    ).toHaveTextContent('Stale: edge-euw1 unreachable; never read');
  });

  it('shows an unparsable selector finding instead of "no workloads found"', async () => {
    const status = {
      ...STATUS_BY_MECHANISM['node-role'],
      health: 'unknown' as const,
      mechanisms: [],
      workloads: [],
      checked: true,
      findings: [
        {
          code: 'INPUT_MALFORMED' as const,
          severity: 'unknown' as const,
          subject: 'annotation backstage.io/kubernetes-label-selector',
          message:
            "The annotation backstage.io/kubernetes-label-selector 'app in (x' cannot be parsed",
          remediation: 'Fix the object named in the message.',
        },
      ],
    };
    await renderCard(fakeApi({ getEntityStatus: jest.fn(async () => status) }));
    const findings = await screen.findByRole('region', { name: 'Findings' });
    expect(within(findings).getByText(/cannot be parsed/)).toBeInTheDocument();
    expect(screen.queryByText(/No workloads found/i)).not.toBeInTheDocument();
  });

  it('disables Refresh, and says why, without the refresh permission', async () => {
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(async () => STATUS_BY_MECHANISM['node-role']),
      }),
      // usePermission caches answers per permission and resource (SWR) across renders, so
      // this test uses an entity that no other test asks about.
      { allowRefresh: false, name: 'locked-service' },
    );
    const button = await screen.findByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveAccessibleDescription(
      /ecr-access\.entity\.refresh permission/,
    );
  });

  it('refreshes with the permission and shows the new status', async () => {
    const refreshEntity = jest.fn(async () => ({
      ...STATUS_BY_MECHANISM['service-account-role'],
      unreachableClusters: [],
    }));
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(async () => STATUS_BY_MECHANISM['node-role']),
        refreshEntity,
      }),
    );
    await screen.findByRole('heading', { name: 'Node role' });
    const button = screen.getByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      await screen.findByRole('heading', { name: 'IRSA for pulls' }),
    ).toBeInTheDocument();
    expect(refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('says why a refresh failed, keeping the last status', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ServiceUnavailableError',
            message:
              'On-demand refresh is not available on this backend: no refresher is installed; the status is updated by the scheduled audit',
          },
          request: { method: 'POST', url: '/' },
          response: { statusCode: 503 },
        }),
        { status: 503, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderCard(
      fakeApi({
        getEntityStatus: jest.fn(async () => STATUS_BY_MECHANISM.anonymous),
        refreshEntity: jest.fn(async () => {
          throw error;
        }),
      }),
      { name: 'docs-site' },
    );
    await screen.findByRole('heading', { name: 'Anonymous' });
    const button = screen.getByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByText('Refresh failed')).toBeInTheDocument();
    expect(
      screen.getByText(/the status is updated by the scheduled audit/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Anonymous' }),
    ).toBeInTheDocument();
  });

  describe('what the engine now knows', () => {
    it('headlines an expired static secret the node role covers for as the static secret, saying who pulls in its place', async () => {
      await renderCard(
        fakeApi({
          getEntityStatus: jest.fn(async () => MASKED_EXPIRED_STATIC_SECRET),
        }),
        { name: 'legacy-reports' },
      );
      expect(
        await screen.findByRole('heading', { level: 4, name: 'Static secret' }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('heading', { level: 4, name: /Node role/ }),
      ).not.toBeInTheDocument();
      expect(screen.getByText('Warning')).toBeInTheDocument();
      expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
      expect(
        screen.getByText(
          sentence(
            'Pulls use a static secret that expired 5 days ago; the node role pulls in its place',
          ),
        ),
      ).toBeInTheDocument();
      // Under the headline, and again in the workload's details.
      expect(
        screen.getAllByText(
          'Static secret does not work: the node role pulls in its place',
        ),
      ).toHaveLength(2);

      const workload = screen.getByRole('region', {
        name: 'Deployment shop/legacy-reports',
      });
      expect(field(workload, 'Pulls with')).toHaveTextContent(
        /^Static secretStatic secret does not work: the node role pulls in its place$/,
      );
      expect(field(workload, 'Pull role')).toHaveTextContent(
        "eks-node-prod-use1 (pulls in the secret's place)",
      );
      expect(
        within(workload).getByRole('link', {
          name: 'Role eks-node-prod-use1 in the IAM console',
        }),
      ).toBeInTheDocument();
      // The token expired: said, as a warning while the node role covers for it.
      const expiry = within(workload).getByText('expired 5 days ago');
      expect(expiry.closest('[data-tone]')).toHaveAttribute(
        'data-tone',
        'warning',
      );

      const findings = screen.getByRole('region', { name: 'Findings' });
      expect(
        within(findings).getByText(
          'Warning: The pull secret holds an expired ECR token',
        ),
      ).toBeInTheDocument();
      expect(
        within(findings).getByText(
          'Warning: The pull secret is broken but the node role hides it',
        ),
      ).toBeInTheDocument();
      expect(
        within(findings).getByText(/ECR tokens live 12 hours/),
      ).toBeInTheDocument();
      expect(
        within(findings).getByText(/Fix or remove the secret/),
      ).toBeInTheDocument();
      expect(
        within(findings).queryByText(/SECRET_EXPIRED|SECRET_MASKED/),
      ).not.toBeInTheDocument();
    });

    it("shows seed 002's CronJob refresher with its schedule, its last run and how it was recognised", async () => {
      await renderCard(
        fakeApi({
          getEntityStatus: jest.fn(async () => SEED_002_ROTATING_SECRET),
        }),
        { name: 'health-check' },
      );
      expect(
        await screen.findByRole('heading', {
          level: 4,
          name: 'Rotating secret',
        }),
      ).toBeInTheDocument();
      expect(screen.getByText('Healthy')).toBeInTheDocument();
      expect(
        screen.getByText(
          sentence(
            'Pulls use a rotating secret, refreshed 2 h ago by CronJob ecr-registry-helper',
          ),
        ),
      ).toBeInTheDocument();
      const workload = screen.getByRole('region', {
        name: 'Deployment health-check/health-check',
      });
      expect(field(workload, 'Refresher')).toHaveTextContent(
        'CronJob health-check/ecr-registry-helper (0 */10 * * *, every 10 h); last run ecr-registry-helper-29312 succeeded 2 hours ago',
      );
      expect(field(workload, 'Recognised by')).toHaveTextContent(
        'may write regcred (an RBAC rule names it); names it in ConfigMap ecr-registry-helper-cm (envFrom)',
      );
      expect(screen.queryByText(/does not work/)).not.toBeInTheDocument();
    });

    it('says when the latest run of a refresher failed, and since when nothing succeeded', async () => {
      await renderCard(
        fakeApi({ getEntityStatus: jest.fn(async () => FAILING_REFRESHER) }),
        { name: 'health-check' },
      );
      expect(await screen.findByText('Broken')).toBeInTheDocument();
      const workload = screen.getByRole('region', {
        name: 'Deployment health-check/health-check',
      });
      expect(field(workload, 'Refresher')).toHaveTextContent(
        'CronJob health-check/ecr-registry-helper (0 */10 * * *, every 10 h); last success 8 hours ago; last run ecr-registry-helper-29313 failed 3 hours ago',
      );
      const findings = screen.getByRole('region', { name: 'Findings' });
      expect(
        within(findings).getByText(
          'Error: The refresher of the pull secret is failing or suspended',
        ),
      ).toBeInTheDocument();
      expect(
        within(findings).getByText(
          /its last run, Job ecr-registry-helper-29313, failed \(BackoffLimitExceeded\)/,
        ),
      ).toBeInTheDocument();
      expect(
        within(findings).getByText(/Check the refresher job logs/),
      ).toBeInTheDocument();
    });

    it('shows a Deployment refresher as long-running, without a "last success unknown"', async () => {
      await renderCard(
        fakeApi({ getEntityStatus: jest.fn(async () => DEPLOYMENT_REFRESHER) }),
        { name: 'cart-api' },
      );
      const workload = await screen.findByRole('region', {
        name: 'Deployment shop/cart-api',
      });
      expect(field(workload, 'Refresher')).toHaveTextContent(
        /^Deployment kube-system\/registry-creds \(long-running, no schedule\)$/,
      );
      expect(field(workload, 'Recognised by')).toHaveTextContent(
        'may write any Secret, not only awsecr-cred; names it in its args',
      );
      expect(screen.queryByText(/last success/)).not.toBeInTheDocument();
      expect(screen.getByText('Healthy')).toBeInTheDocument();
    });
  });
});
