// The audit page at 375 px: a file of its own, since BUI's breakpoint is read once per module.
import { screen, within } from '@testing-library/react';
import {
  fakeApi,
  onNarrowScreen,
  renderPage,
} from './__testUtils__/renderAuditPage';

describe('EcrAccessAuditPage on a narrow screen', () => {
  beforeAll(onNarrowScreen);

  it('shows each entity as a card with labelled fields instead of a table', async () => {
    await renderPage(fakeApi());
    const cards = await screen.findByRole('list', {
      name: 'Audited entities',
    });
    expect(screen.queryByRole('table', { name: /Entities/ })).toBeNull();
    const billing = within(cards).getByRole('article', {
      name: 'legacy-billing',
    });
    expect(
      within(billing).getByRole('link', { name: 'legacy-billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-billing');
    const health = within(billing).getByText('Health').closest('dt');
    expect(health?.nextElementSibling).toHaveTextContent('Broken');
    expect(
      within(billing).getByText('The pull secret holds an expired ECR token'),
    ).toBeInTheDocument();
  });
});
