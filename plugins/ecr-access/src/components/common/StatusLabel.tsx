import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { ReactNode } from 'react';

/** A tone of the core-components status indicators (coloured dot plus text). */
export type StatusTone = 'ok' | 'warning' | 'error' | 'unknown' | 'neutral';

function Indicator(props: { tone: StatusTone }) {
  switch (props.tone) {
    case 'ok':
      return <StatusOK />;
    case 'warning':
      return <StatusWarning />;
    case 'error':
      return <StatusError />;
    case 'neutral':
      return <StatusAborted />;
    default:
      return <StatusPending />;
  }
}

/**
 * A coloured status icon followed by its text, so colour is never the only signal. The text
 * sits outside the core-components indicator because that one is `aria-hidden` as a whole,
 * children included, and screen readers would not read the status at all.
 */
export function StatusLabel(props: { tone: StatusTone; children: ReactNode }) {
  return (
    <span
      data-tone={props.tone}
      style={{ display: 'inline-flex', alignItems: 'center' }}
    >
      <Indicator tone={props.tone} />
      <span>{props.children}</span>
    </span>
  );
}
