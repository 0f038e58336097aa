import { Text } from '@backstage/ui';
import type { ReactNode } from 'react';

const listStyle = {
  display: 'grid',
  // minmax(0, …): a long ARN or sentence wraps instead of widening the card past the screen.
  gridTemplateColumns: 'minmax(7rem, max-content) minmax(0, 1fr)',
  overflowWrap: 'anywhere' as const,
  columnGap: 'var(--bui-space-4, 16px)',
  rowGap: 'var(--bui-space-1, 4px)',
  margin: 0,
};

/**
 * Label/value pairs as a description list, so that assistive technology reads each value with
 * its label. BUI has no description-list component; this is only the semantic markup.
 */
export function FieldList(props: {
  fields: Array<{ label: string; value: ReactNode | undefined }>;
}) {
  return (
    <dl style={listStyle}>
      {props.fields
        .filter(
          f => f.value !== undefined && f.value !== null && f.value !== '',
        )
        .map(f => (
          <div key={f.label} style={{ display: 'contents' }}>
            <dt style={{ margin: 0 }}>
              <Text as="span" variant="body-small" color="secondary">
                {f.label}
              </Text>
            </dt>
            <dd style={{ margin: 0 }}>
              <Text as="span" variant="body-small">
                {f.value}
              </Text>
            </dd>
          </div>
        ))}
    </dl>
  );
}
