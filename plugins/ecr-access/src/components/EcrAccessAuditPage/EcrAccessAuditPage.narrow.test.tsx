// The audit page at 375 px: a file of its own, since BUI's breakpoint is read once per module.
import { screen, within } from '@testing-library/react';
import { fakeApi, renderPage } from './__testUtils__/renderAuditPage';

describe('EcrAccessAuditPage on a narrow screen', () => {
  beforeAll(() => {
    // 375 px wide: no min-width breakpoint matches. Set before the first render, since BUI
    // reads the breakpoint once per module.
    window.matchMedia = jest.fn((query: string) => ({
      matches: !/min-width/.test(query),
      media: query,
      onchange: null,
      addEventListener: jest.fn(),
      removeEventListener: jest.fn(),
      addListener: jest.fn(),
      removeListener: jest.fn(),
      dispatchEvent: jest.fn(),
    })) as unknown as typeof window.matchMedia;
  });

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
