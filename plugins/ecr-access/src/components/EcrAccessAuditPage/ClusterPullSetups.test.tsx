import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CLUSTER_PULL_SETUPS } from '../../__fixtures__/clusterPullSetups';
import { fakeApi, renderPage } from './__testUtils__/renderAuditPage';

jest.setTimeout(30_000);

/** The card of one cluster, an article named by its heading. */
async function card(cluster: string) {
  const list = await screen.findByRole('list', { name: 'Clusters' });
  return within(list).getByRole('article', { name: cluster });
}

/** The value of a labelled field of a card (its <dd>). */
function field(article: HTMLElement, label: string) {
  const term = within(article).getByText(label).closest('dt');
  return term!.nextElementSibling as HTMLElement;
}

describe('the audit page: clusters and runtime identities', () => {
  it('shows each cluster under a Clusters heading, as a labelled list of articles', async () => {
    await renderPage(fakeApi());
    const section = await screen.findByRole('region', { name: 'Clusters' });
    expect(
      within(section).getByRole('heading', { name: 'Clusters', level: 3 }),
    ).toBeInTheDocument();
    const list = within(section).getByRole('list', { name: 'Clusters' });
    expect(
      within(list)
        .getAllByRole('article')
        .map(a => within(a).getByRole('heading', { level: 4 }).textContent),
    ).toEqual(['prod-use1', 'shared-usw2', 'edge-euw1', 'staging-use1']);
  });

  it("names a node role broader than pulling with the finding's title, what it adds, and its code in the tooltip", async () => {
    await renderPage(fakeApi());
    const roles = field(await card('shared-usw2'), 'Node roles');
    const broad = within(roles)
      .getByText('The node role may do more with ECR than pulling needs')
      .closest('[data-finding-code]');
    expect(broad).toHaveAttribute('title', 'NODE_ROLE_TOO_BROAD');
    expect(
      within(roles).getByText(/^Beyond pulling: every read of/),
    ).toHaveTextContent('ecr:ListImages');
    expect(
      within(roles).getByRole('link', {
        name: 'Role eks-node-shared-usw2 in the IAM console',
      }),
    ).toBeInTheDocument();
    // Not read is unknown, never narrow.
    const batch = within(roles)
      .getByText(/eks-node-batch/)
      .closest('li')!;
    expect(batch).toHaveTextContent('Not read: what it may do is unknown');
    expect(batch.querySelector('[data-tone]')).toHaveAttribute(
      'data-tone',
      'unknown',
    );
    // prod-use1's one role pulls only.
    const prodRoles = field(await card('prod-use1'), 'Node roles');
    expect(prodRoles).toHaveTextContent(
      'eks-node-prod-use1 (config, node group default, node group legacy-1-33): Nothing beyond pulling',
    );
  });

  it('gives the credential provider preflight of a service-account-token cluster with its problems in words', async () => {
    await renderPage(fakeApi());
    const prod = await card('prod-use1');
    expect(field(prod, 'Kubelets pull with')).toHaveTextContent(
      /^Service-account tokens \(IRSA for pulls, KEP-4412\)/,
    );
    const preflight = field(prod, 'Credential provider');
    expect(preflight).toHaveTextContent(
      /^Ready: kubelets 1\.34 or later, and nodes may request sts\.amazonaws\.com tokensFor pods without tolerations or a node selector/,
    );
    // The tainted legacy node group: not ready, for the pods that tolerate its taint.
    const tainted = preflight.querySelector(
      '[data-preflight="tainted-nodes"]',
    ) as HTMLElement;
    expect(tainted).toHaveTextContent(
      /^On tainted nodes, for pods that tolerate them:/,
    );
    const state = within(tainted)
      .getByText(
        /declared to pull with service-account tokens, but its nodes are not set up/,
      )
      .closest('[data-finding-code]');
    expect(state).toHaveAttribute('title', 'CREDENTIAL_PROVIDER_NOT_READY');
    expect(state!.querySelector('[data-tone]')).toHaveAttribute(
      'data-tone',
      'error',
    );
    expect(
      within(tainted).getByText(
        'kubelets older than 1.34 on ip-10-0-9-1.ec2.internal (v1.33)',
      ),
    ).toBeInTheDocument();
    expect(
      field(await card('shared-usw2'), 'Credential provider'),
    ).toHaveTextContent('Not used: the kubelets pull with the node role');
  });

  it('says unknown, never healthy, for a cluster that could not be read or was never audited', async () => {
    await renderPage(fakeApi());
    const edge = await card('edge-euw1');
    const audit = field(edge, 'Audit');
    expect(audit).toHaveTextContent(
      /^Unknown since 3 h\w* .*ago: the latest audit could not read it, and none ever has\./,
    );
    expect(audit.querySelector('[data-tone]')).toHaveAttribute(
      'data-tone',
      'unknown',
    );
    expect(audit).toHaveTextContent(
      'connect ECONNREFUSED <redacted> (addresses withheld)',
    );
    expect(within(edge).queryByText('Node roles')).toBeNull();
    expect(within(edge).queryByText('[data-tone="ok"]')).toBeNull();
    expect(field(await card('staging-use1'), 'Audit')).toHaveTextContent(
      'Not yet checked: no audit yet',
    );
    expect(field(await card('prod-use1'), 'Audit')).toHaveTextContent(
      /^Read 5 min\w* .*ago$/,
    );
  });

  it('shows the last known set-up of a cluster gone down as that, under unknown since', async () => {
    const api = fakeApi();
    const [, shared] = CLUSTER_PULL_SETUPS.items;
    const since = new Date(Date.now() - 3600_000).toISOString();
    api.getClusterPullSetups.mockResolvedValue({
      ...CLUSTER_PULL_SETUPS,
      items: [
        {
          ...shared,
          state: {
            cluster: 'shared-usw2',
            reachable: false,
            checkedAt: since,
            lastSuccessAt: shared.readAt,
            unreachableSince: since,
            error: 'connect ETIMEDOUT <redacted>',
          },
        },
      ],
    });
    await renderPage(api);
    const audit = field(await card('shared-usw2'), 'Audit');
    expect(audit).toHaveTextContent(
      /^Unknown since 1 h\w* .*ago: the latest audit could not read it; below is its last known set-up, read 5 min\w* .*ago\./,
    );
    expect(audit.querySelector('[data-tone]')).toHaveAttribute(
      'data-tone',
      'unknown',
    );
    expect(
      screen.getByRole('region', { name: 'Workloads by runtime identity' }),
    ).toHaveTextContent(
      'shared-usw2: last known counts (the latest audit could not read it).',
    );
  });

  it('lists workloads per pull mechanism with their runtime identities', async () => {
    await renderPage(fakeApi());
    const workloads = within(await card('prod-use1')).getByRole('list', {
      name: 'Workloads of prod-use1 by pull mechanism and runtime identity',
    });
    expect(
      within(workloads)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'IRSA for pulls: 11; runtime identity IRSA 1, EKS Pod Identity 1, Node role 9',
      'Node role: 8; runtime identity IRSA 1, EKS Pod Identity 2, Node role 5',
      'Fargate role: 1; runtime identity None 1',
    ]);
  });

  it('sums the runtime identities of workloads over the clusters, saying what is left out', async () => {
    await renderPage(fakeApi());
    const list = await screen.findByRole('list', {
      name: 'Workloads by runtime identity',
    });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['IRSA: 3', 'EKS Pod Identity: 3', 'Node role: 18', 'None: 1']);
    const section = screen.getByRole('region', {
      name: 'Workloads by runtime identity',
    });
    expect(section).toHaveTextContent('counted in workloads (not entities)');
    expect(section).toHaveTextContent(
      'Not counted, never read: edge-euw1, staging-use1.',
    );
  });

  it('asks nothing without ecr-access.audit.runs.read, and says which permission it needs', async () => {
    const api = fakeApi();
    await renderPage(api, true, false);
    const section = await screen.findByRole('region', { name: 'Clusters' });
    expect(section).toHaveTextContent(
      "Reading the clusters' pull set-ups needs the permission ecr-access.audit.runs.read.",
    );
    expect(api.getClusterPullSetups).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('region', { name: 'Workloads by runtime identity' }),
    ).toBeNull();
  });

  it('offers a retry when the clusters cannot be loaded', async () => {
    const api = fakeApi();
    api.getClusterPullSetups.mockRejectedValueOnce(new Error('backend down'));
    await renderPage(api);
    const section = await screen.findByRole('region', { name: 'Clusters' });
    expect(
      await within(section).findByText('The clusters could not be loaded'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(section).getByRole('button', { name: 'Try again' }),
    );
    expect(await card('prod-use1')).toBeInTheDocument();
    expect(api.getClusterPullSetups).toHaveBeenCalledTimes(2);
  });
});
