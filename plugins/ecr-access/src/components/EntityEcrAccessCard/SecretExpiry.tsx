import { Text } from '@backstage/ui';
import { countdown, humanDuration, useNow } from '../common/time';

/**
 * A live countdown to the moment the ECR token in a pull secret expires (12 hours after the
 * secret was last written), or how long ago it expired.
 */
export function SecretExpiry(props: { expiresAt: string }) {
  const now = useNow(1000);
  const expiresAt = Date.parse(props.expiresAt);
  if (Number.isNaN(expiresAt)) return null;
  const left = expiresAt - now.getTime();
  return (
    <time dateTime={props.expiresAt} title={props.expiresAt}>
      {left > 0 ? (
        <Text
          as="span"
          variant="body-small"
          color={left < 3_600_000 ? 'warning' : 'primary'}
        >
          expires in {countdown(left)}
        </Text>
      ) : (
        <Text as="span" variant="body-small" color="danger" weight="bold">
          expired {humanDuration(left)} ago
        </Text>
      )}
    </time>
  );
}
