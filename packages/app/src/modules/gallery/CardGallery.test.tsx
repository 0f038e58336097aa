import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { CardGallery } from './CardGallery';

// Each card loads its status and renders its charts and pickers: seconds on a busy machine.
jest.setTimeout(30_000);

/** A state's section of the gallery, found by its title. */
async function stateNamed(title: string) {
  const section = await screen.findByRole(
    'region',
    { name: title },
    { timeout: 10_000 },
  );
  return within(section);
}

describe('CardGallery', () => {
  it("renders the plugin's card in each state, from the examples through the API client", async () => {
    await renderInTestApp(<CardGallery />);
    const running = await stateNamed('Not yet checked: first audit running');
    // The section's title at once and, once the card has loaded, the card's alert that says it.
    await waitFor(
      () =>
        expect(
          running.getAllByText('Not yet checked: first audit running'),
        ).toHaveLength(2),
      { timeout: 10_000 },
    );
    const none = await stateNamed('No workloads found');
    expect(
      await none.findByText('backstage.io/kubernetes-id=mobile-bff'),
    ).toBeInTheDocument();
    const expired = await stateNamed('Static secret that expired');
    expect(await expired.findByText('Broken')).toBeInTheDocument();
    // The sentence: its age is a <time> (ticking) in the paragraph.
    expect(
      expired.getByText(/^Pulls use a static secret that/),
    ).toHaveTextContent('Pulls use a static secret that expired 2 days ago');
    const unaudited = await stateNamed('Not audited: no status stored');
    expect(await unaudited.findByText('Not audited')).toBeInTheDocument();
  });
});
