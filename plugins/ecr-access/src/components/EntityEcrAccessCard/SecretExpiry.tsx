import { Text } from '@backstage/ui';
import { StatusLabel } from '../common/StatusLabel';
import { useClock } from '../common/clock';
import { absoluteTime, countdown, humanDuration } from '../common/time';

const HOUR = 3_600_000;

/**
 * A live countdown, by the card's one clock, to the moment the ECR token in a pull secret expires (12 hours after the
 * secret was last written), or how long ago it expired. The colour is on the icon: BUI's
 * danger and warning text colours are below WCAG AA contrast on a card. An expired token that
 * another credential pulls in place of (`covered`) is a warning, as the engine rates it.
 */
export function SecretExpiry(props: { expiresAt: string; covered?: boolean }) {
  const now = useClock();
  const expiresAt = Date.parse(props.expiresAt);
  if (Number.isNaN(expiresAt)) return null;
  const left = expiresAt - now.getTime();
  let tone: 'ok' | 'warning' | 'error' = 'ok';
  if (left <= 0) tone = props.covered ? 'warning' : 'error';
  else if (left < HOUR) tone = 'warning';
  return (
    <time dateTime={props.expiresAt} title={absoluteTime(props.expiresAt)}>
      <StatusLabel tone={tone}>
        <Text
          as="span"
          variant="body-small"
          weight={tone === 'ok' ? 'regular' : 'bold'}
        >
          {left > 0
            ? `expires in ${countdown(left)}`
            : `expired ${humanDuration(left)} ago`}
        </Text>
      </StatusLabel>
    </time>
  );
}
