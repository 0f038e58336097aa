// The clusters section at 375 px: a file of its own, since BUI's breakpoint is read once per
// module.
import { screen, within } from '@testing-library/react';
import {
  fakeApi,
  onNarrowScreen,
  renderPage,
} from './__testUtils__/renderAuditPage';

jest.setTimeout(30_000);

describe('the clusters section on a narrow screen', () => {
  beforeAll(onNarrowScreen);

  it('stacks the cluster cards one per row, each field under its label', async () => {
    await renderPage(fakeApi());
    const list = await screen.findByRole('list', { name: 'Clusters' });
    expect(list).toHaveStyle({ gridTemplateColumns: 'minmax(0, 1fr)' });
    const shared = within(list).getByRole('article', { name: 'shared-usw2' });
    expect(within(shared).getByText('Node roles').closest('dt')).not.toBeNull();
  });
});
