import {
  ecrAccessAuditExportPermission,
  ecrAccessAuditRunsReadPermission,
} from '@ecr-access/plugin-ecr-access-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AUDIT_PAGE } from '../../__fixtures__/audit';
import {
  fakeApi,
  renderPage,
  usePermissionMock,
} from './__testUtils__/renderAuditPage';

// Select pickers and debounced search take a few seconds each on a loaded machine.
jest.setTimeout(30_000);

describe('EcrAccessAuditPage', () => {
  it('draws its own header for the legacy frontend system', async () => {
    await renderPage(fakeApi());
    expect(
      await screen.findByRole('heading', { name: 'ECR access' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "How every service's EKS workloads pull their ECR images",
      ),
    ).toBeInTheDocument();
  });

  it('shows the counts by mechanism and by health', async () => {
    await renderPage(fakeApi());
    const byMechanism = await screen.findByRole('list', {
      name: 'Entities by pull mechanism',
    });
    expect(within(byMechanism).getByText('IRSA for pulls:')).toHaveTextContent(
      'IRSA for pulls: 10',
    );
    expect(within(byMechanism).getByText('Static secret:')).toHaveTextContent(
      'Static secret: 3',
    );
    const byHealth = screen.getByRole('list', { name: 'Entities by health' });
    expect(within(byHealth).getByText('Broken:')).toHaveTextContent(
      'Broken: 11',
    );
  });

  it('lists entities with links to their catalog pages', async () => {
    await renderPage(fakeApi());
    const link = await screen.findByRole('link', { name: /Payments API/ });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
    const row = screen.getByRole('row', { name: /legacy-billing/ });
    expect(within(row).getByText('Static secret')).toBeInTheDocument();
    expect(within(row).getByText('Broken')).toBeInTheDocument();
    // The finding by its catalog title; the code in its tooltip.
    const finding = within(row).getByText(
      'The pull secret holds an expired ECR token',
    );
    expect(finding.closest('li')).toHaveAttribute('title', 'SECRET_EXPIRED');
    expect(within(row).queryByText('SECRET_EXPIRED')).not.toBeInTheDocument();
  });

  it('asks the server for the first page, then filters by mechanism', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    expect(api.getAudit).toHaveBeenLastCalledWith({ offset: 0, limit: 20 });

    await userEvent.click(screen.getByRole('button', { name: /Mechanism/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Static secret' }),
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ mechanism: 'static-secret', offset: 0 }),
      ),
    );
  });

  it('pages and sorts on the server', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 20, limit: 20 }),
      ),
    );
    await userEvent.click(screen.getByRole('columnheader', { name: /Health/ }));
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'health', order: 'asc' }),
      ),
    );
  });

  it('filters by health and by text', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    await userEvent.click(screen.getByRole('button', { name: /Health/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Broken' }),
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search' }),
      'billing',
    );
    await waitFor(
      () =>
        expect(api.getAudit).toHaveBeenLastCalledWith(
          expect.objectContaining({ health: 'error', q: 'billing' }),
        ),
      { timeout: 3000 },
    );
  });

  it('filters the unknown and the stale, not-yet-checked entities included', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    await userEvent.click(screen.getByRole('button', { name: /Health/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Unknown health' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Stale/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Stale only' }),
    );
    await waitFor(
      () =>
        expect(api.getAudit).toHaveBeenLastCalledWith(
          expect.objectContaining({ health: 'unknown', stale: true }),
        ),
      { timeout: 3000 },
    );
  });

  it('says when no audit has completed yet', async () => {
    const api = fakeApi();
    api.getAudit.mockResolvedValue({
      items: [],
      totalCount: 0,
      summary: { byMechanism: {}, byHealth: {} },
      auditCompleted: false,
      lastCompletedAt: null,
    });
    await renderPage(api);
    expect(await screen.findByText('First audit running')).toBeInTheDocument();
  });

  it('does not say so once an audit completed', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: /Payments API/ });
    expect(screen.queryByText('First audit running')).not.toBeInTheDocument();
  });

  it('exports the filtered audit as CSV', async () => {
    const api = fakeApi();
    URL.createObjectURL = jest.fn(() => 'blob:csv');
    URL.revokeObjectURL = jest.fn();
    // jsdom cannot navigate; the click on the download link is what matters.
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderPage(api);
    const button = await screen.findByRole('button', { name: 'Export CSV' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() => expect(api.exportAuditCsv).toHaveBeenCalledWith({}));
    expect(URL.createObjectURL).toHaveBeenCalled();
    expect(click).toHaveBeenCalledTimes(1);
    expect(click.mock.contexts[0]).toHaveAttribute(
      'download',
      'ecr-access-audit.csv',
    );
    click.mockRestore();
  });

  it('disables the CSV export, and says why, without the export permission', async () => {
    await renderPage(fakeApi(), false);
    const button = await screen.findByRole('button', { name: 'Export CSV' });
    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveAccessibleDescription(/ecr-access\.audit\.export/);
    expect(usePermissionMock).toHaveBeenCalledWith({
      permission: ecrAccessAuditExportPermission,
    });
  });

  it('shows the last audit runs with each cluster error', async () => {
    await renderPage(fakeApi());
    const runs = await screen.findByRole('region', {
      name: 'Recent audit runs',
    });
    const failed = await within(runs).findByRole('row', { name: /edge-euw1/ });
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    // In words, the code in the tooltip, and what was withheld and why.
    expect(
      within(failed).getByText(
        /The cluster's API server refused the connection/,
      ),
    ).toBeInTheDocument();
    expect(within(failed).getByText(/ECONNREFUSED/)).toBeInTheDocument();
    expect(
      within(failed).getByText(
        /^Addresses withheld: .* would name the clusters' API servers/,
      ),
    ).toBeInTheDocument();
    expect(
      within(failed)
        .getByText(/refused the connection/)
        .closest('[title]'),
    ).toHaveAttribute('title', 'CONNECTION_REFUSED');
  });

  it('without the runs permission, fetches no runs and says which permission they need', async () => {
    const api = fakeApi();
    await renderPage(api, true, false);
    const runs = await screen.findByRole('region', {
      name: 'Recent audit runs',
    });
    expect(
      within(runs).getByText('ecr-access.audit.runs.read'),
    ).toBeInTheDocument();
    expect(within(runs).queryByRole('row')).not.toBeInTheDocument();
    expect(api.getAuditRuns).not.toHaveBeenCalled();
    expect(usePermissionMock).toHaveBeenCalledWith({
      permission: ecrAccessAuditRunsReadPermission,
    });
    // The rest of the page is unaffected.
    expect(
      await screen.findByRole('button', { name: 'Export CSV' }),
    ).toBeEnabled();
  });

  it('offers owners by display name and finding titles from the facets, and filters by their values', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Billing Team' }),
    );
    // An owner without a display name is offered by its name.
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'group:default/team-billing' }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /Finding/ }));
    expect(
      await screen.findByRole('option', {
        name: 'The pull secret is broken but the node role hides it',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('option', { name: 'SECRET_EXPIRED' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('option', {
        name: 'The pull secret holds an expired ECR token',
      }),
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({
          owner: 'group:default/team-billing',
          finding: 'SECRET_EXPIRED',
        }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /Cluster/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'shared-usw2' }),
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ cluster: 'shared-usw2' }),
      ),
    );
  });

  it('shows owners by display name in the table', async () => {
    await renderPage(fakeApi());
    const row = await screen.findByRole('row', { name: /legacy-billing/ });
    expect(within(row).getByText('Billing Team')).toBeInTheDocument();
  });

  it('opens with the filters of a shared link, and drops values the API would refuse', async () => {
    const api = fakeApi();
    await renderPage(
      api,
      true,
      true,
      '/?owner=group%3Adefault%2Fteam-billing&finding=SECRET_EXPIRED&mechanism=bogus&stale=true&q=bill',
    );
    await screen.findByRole('link', { name: /Payments API/ });
    expect(api.getAudit).toHaveBeenLastCalledWith({
      owner: 'group:default/team-billing',
      finding: 'SECRET_EXPIRED',
      stale: true,
      q: 'bill',
      offset: 0,
      limit: 20,
    });
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue(
      'bill',
    );
  });

  it('offers to clear the filters when nothing matches', async () => {
    const api = fakeApi();
    api.getAudit.mockImplementation(async query =>
      query?.health === 'warning'
        ? { ...AUDIT_PAGE, items: [], totalCount: 0 }
        : AUDIT_PAGE,
    );
    await renderPage(api, true, true, '/?health=warning');
    expect(
      await screen.findByText('No entity matches these filters.'),
    ).toBeInTheDocument();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await userEvent.click(clear[clear.length - 1]);
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith({ offset: 0, limit: 20 }),
    );
    expect(
      await screen.findByRole('link', { name: /Payments API/ }),
    ).toBeInTheDocument();
  });

  it('derives the pickers from the rows when the backend has no facets route', async () => {
    const api = fakeApi();
    api.getAuditFacets.mockRejectedValue(new Error('404'));
    await renderPage(api);
    await screen.findByRole('link', { name: /Payments API/ });
    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    expect(
      await screen.findByRole('option', { name: 'team-payments' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', { name: 'team-billing' }),
    ).toBeInTheDocument();
  });

  it("words the sentence's ages by the page's clock as it ticks, not as stored", async () => {
    const T0 = new Date('2026-12-03T10:00:00.000Z');
    const HOUR = 3_600_000;
    jest.useFakeTimers({ now: T0, advanceTimers: true });
    try {
      const api = fakeApi();
      const [billing, ...rest] = AUDIT_PAGE.items;
      const expiresAt = new Date(T0.getTime() + 1.5 * HOUR).toISOString();
      api.getAudit.mockResolvedValue({
        ...AUDIT_PAGE,
        items: [
          {
            ...billing,
            // As the audit stored it, and in parts for the page's clock.
            summary: 'Pulls use a static secret that expires in 1 h',
            summaryParts: [
              'Pulls use a static secret that ',
              { at: expiresAt, form: 'expires' },
            ],
          },
          ...rest,
        ],
      });
      await renderPage(api);
      const row = await screen.findByRole('row', { name: /legacy-billing/ });
      // To the minute (the clock may have moved a few ms since T0).
      expect(
        within(row).getByText(/^expires in 1 h (29|30) min$/),
      ).toHaveAttribute('title', '2026-12-03 11:30:00 UTC');
      // Two hours on: the page's clock ticks every 30 seconds.
      act(() => {
        jest.setSystemTime(new Date(T0.getTime() + 2 * HOUR));
        jest.advanceTimersByTime(30_000);
      });
      expect(
        within(row).getByText('expired 30 min ago').closest('span'),
      ).toHaveTextContent('Pulls use a static secret that expired 30 min ago');
    } finally {
      jest.useRealTimers();
    }
  });

  it('names the browser tab after the page', async () => {
    await renderPage(fakeApi());
    await screen.findByRole('link', { name: /Payments API/ });
    expect(document.title).toMatch(/^ECR access audit/);
  });
});
