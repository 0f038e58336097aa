import { Flex, Text } from '@backstage/ui';
import type { Health, PullAuth } from '@ecr-access/plugin-ecr-access-common';
import { type PullInPlace, inPlaceText } from '../common/inPlace';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { StatusLabel } from '../common/StatusLabel';
import { healthTone, pullAuthTone } from '../common/tones';

/**
 * The one-glance answer: each configured pull mechanism in words with its colour, then the
 * health in words. Where a secret no longer works and another credential pulls in its place,
 * a line under the headline says so: the configured secret stays the headline, never hidden
 * behind the credential covering for it.
 */
export function PullHeadline(props: {
  mechanisms: PullAuth[];
  health: Health;
  inPlace?: PullInPlace[];
}) {
  const { health, inPlace = [] } = props;
  const mechanisms: PullAuth[] =
    props.mechanisms.length > 0 ? props.mechanisms : ['unknown'];
  return (
    <Flex direction="column" gap="1">
      <Flex align="center" gap="4" style={{ flexWrap: 'wrap' }}>
        <Text as="h4" variant="title-small" weight="bold">
          {mechanisms.map(m => (
            // The value, for browser tests that check a mechanism without its words.
            <span key={m} data-pull-auth={m} style={{ marginRight: 16 }}>
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
      {inPlace.map(p => (
        <Text
          key={`${p.configured}>${p.effective}>${p.roleArn ?? ''}`}
          as="p"
          variant="body-medium"
        >
          <StatusLabel tone="warning">{inPlaceText(p)}</StatusLabel>
        </Text>
      ))}
    </Flex>
  );
}
