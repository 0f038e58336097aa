import { Flex, Text } from '@backstage/ui';
import type { Health, PullAuth } from '@ecr-access/plugin-ecr-access-common';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { StatusLabel } from '../common/StatusLabel';
import { healthTone, pullAuthTone } from '../common/tones';

/**
 * The one-glance answer: each pull mechanism in words with its colour, then the health in words.
 */
export function PullHeadline(props: {
  mechanisms: PullAuth[];
  health: Health;
}) {
  const { health } = props;
  const mechanisms: PullAuth[] =
    props.mechanisms.length > 0 ? props.mechanisms : ['unknown'];
  return (
    <Flex align="center" gap="4" style={{ flexWrap: 'wrap' }}>
      <Text as="h4" variant="title-small" weight="bold">
        {mechanisms.map(m => (
          <span key={m} style={{ marginRight: 16 }}>
            <StatusLabel tone={pullAuthTone(m, health)}>
              {pullAuthLabel(m)}
            </StatusLabel>
          </span>
        ))}
      </Text>
      <Text as="span" variant="body-medium">
        <StatusLabel tone={healthTone(health)}>
          {HEALTH_LABELS[health]}
        </StatusLabel>
      </Text>
    </Flex>
  );
}
