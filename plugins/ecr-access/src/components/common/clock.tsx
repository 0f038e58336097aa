import {
  splitTimed,
  wordTime,
  type TimedPart,
} from '@ecr-access/plugin-ecr-access-common';
import { createContext, useContext, type ReactNode } from 'react';
import { absoluteTime, timeAgo, useNow } from './time';

const ClockContext = createContext<Date | undefined>(undefined);

/**
 * One clock for a card or a page: every age and countdown under it derives from the same
 * instant, so that a countdown and a sentence never disagree by the time between two renders.
 * It ticks every second by default, so countdowns are live; a page with only ages ("5 minutes
 * ago") ticks less often, sparing a re-render of its table every second.
 */
export function ClockProvider(props: {
  children: ReactNode;
  intervalMs?: number;
}) {
  const now = useNow(props.intervalMs ?? 1000);
  return (
    <ClockContext.Provider value={now}>{props.children}</ClockContext.Provider>
  );
}

/** The instant of the enclosing {@link ClockProvider}. */
export function useClock(): Date {
  const now = useContext(ClockContext);
  // Outside a provider (a component rendered alone) the render time is the one instant.
  return now ?? new Date();
}

/**
 * "5 minutes ago", by the shared clock, with the absolute UTC time in the tooltip and in
 * `dateTime` for assistive technology. `fallback` when the time is missing or malformed.
 */
export function TimeAgo(props: { iso: string | undefined; fallback?: string }) {
  const now = useClock();
  const text = timeAgo(props.iso, now);
  if (!text || !props.iso) return <>{props.fallback ?? 'at an unknown time'}</>;
  const absolute = absoluteTime(props.iso);
  return (
    <time dateTime={props.iso} title={absolute}>
      {text}
    </time>
  );
}

/**
 * A timed text (a sentence or finding message whose ages are kept as instants, -common's
 * `timedText.ts`) worded by the shared clock: each age ticks, with its UTC time in the tooltip
 * and in `dateTime`. Give `parts` as the API serves them, or `text` to split.
 */
export function TimedText(props: { parts?: TimedPart[]; text?: string }) {
  const now = useClock();
  const parts = props.parts ?? splitTimed(props.text ?? '');
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <time key={i} dateTime={part.at} title={absoluteTime(part.at)}>
            {wordTime(part, now)}
          </time>
        ),
      )}
    </>
  );
}
