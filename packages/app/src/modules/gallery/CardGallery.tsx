import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityEcrAccessCard } from '@ecr-access/plugin-ecr-access';
import { Box, Container, Grid, Text } from '@backstage/ui';
import { useMemo, useState } from 'react';
import { cardStates, type CardState } from './examples/cardStates';
import { galleryEcrAccessApi } from './galleryApi';
import { GalleryApis } from './GalleryApis';

type Entity = Parameters<typeof EntityProvider>[0]['entity'];

function entityOf(state: CardState): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: state.name,
      namespace: 'default',
      annotations: state.annotations,
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-platform' },
  };
}

/** One state: its title, then the real card over the example's status. */
function GalleryItem(props: { state: CardState }) {
  const { state } = props;
  const titleId = `card-state-${state.id}`;
  return (
    <Box as="section" aria-labelledby={titleId} data-card-state={state.id}>
      <Text as="h2" id={titleId} variant="title-small" weight="bold">
        {state.label}
      </Text>
      <Box mt="2">
        <EntityProvider entity={entityOf(state)}>
          <EntityEcrAccessCard />
        </EntityProvider>
      </Box>
    </Box>
  );
}

/**
 * Every state of the ecr-access entity card side by side: the plugin's card itself, fed by a
 * stub of its API client that answers the examples' statuses. For reviewing the card's words
 * and colours in both themes and at every width without a cluster in each state.
 */
export function CardGallery() {
  // One instant for the examples: their ages then tick with each card's clock.
  const [now] = useState(() => new Date());
  const states = useMemo(() => cardStates(now), [now]);
  const api = useMemo(() => galleryEcrAccessApi(states), [states]);
  return (
    <Container my="4">
      <Text as="p" variant="body-medium">
        The ECR image pulls card in each of its states, from example statuses
        (no cluster is read): what a platform engineer sees before the first
        audit, for each way of pulling, when a cluster is down, and when nothing
        matches.
      </Text>
      <GalleryApis api={api}>
        <Grid.Root columns={{ initial: '1', md: '2', xl: '3' }} gap="4" mt="4">
          {states.map(state => (
            <GalleryItem key={state.id} state={state} />
          ))}
        </Grid.Root>
      </GalleryApis>
    </Container>
  );
}
