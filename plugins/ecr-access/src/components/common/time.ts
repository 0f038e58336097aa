import { useEffect, useState } from 'react';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The current time, re-rendering every `intervalMs` so that countdowns stay live. */
export function useNow(intervalMs: number = SECOND): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "3 days", "5 hours", "12 minutes", "40 seconds": the largest unit that fits. */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * DAY) return plural(Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return plural(Math.floor(abs / HOUR), 'hour');
  if (abs >= MINUTE) return plural(Math.floor(abs / MINUTE), 'minute');
  return plural(Math.floor(abs / SECOND), 'second');
}

/** A countdown precise to the second: "11 h 04 min 09 s". */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(m)} min ${pad(s)} s` : `${m} min ${pad(s)} s`;
}

/** "5 minutes ago", "just now", or undefined for a missing or malformed time. */
export function timeAgo(iso: string | undefined | null, now: Date) {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return undefined;
  const ms = now.getTime() - t;
  return ms < MINUTE ? 'just now' : `${humanDuration(ms)} ago`;
}

/** "2026-12-03 14:39:05 UTC": the tooltip of every relative time, the same in every zone. */
export function absoluteTime(iso: string): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
