import { Text } from '@backstage/ui';
import type { ReactNode } from 'react';

const listStyle = {
  display: 'grid',
  gridTemplateColumns: 'minmax(8rem, max-content) 1fr',
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
