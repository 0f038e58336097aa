import { formatDuration } from './describe';

// A stored sentence and a finding's message say ages as they were when written ("expires in
// 3 h"), which a page kept open makes false. A timed text keeps, in place of each such age,
// its instant and how to word it, so that whoever shows it words it by its own clock: the
// audit page and the card word it on every tick; `wordTimed` gives the plain sentence.

/**
 * How a time is worded: `ago` "3 h ago"; `expires` "expires in 3 h", or "expired 2 h ago"
 * once passed.
 *
 * @internal
 */
export type TimedForm = 'ago' | 'expires';

/**
 * A part of a timed text: words, or a time to word by the reader's clock.
 *
 * @internal
 */
export type TimedPart = string | { at: string; form: TimedForm };

// Private-use characters: no name, message or selector the engine quotes can hold them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = /\uE000(ago|expires)\|([^\uE001]*)\uE001/g;

/**
 * The time `at` as a timed text's part, or undefined when `at` is no time.
 *
 * @internal
 */
export function timedAt(
  at: string | undefined,
  form: TimedForm,
): string | undefined {
  if (!at || Number.isNaN(Date.parse(at))) return undefined;
  return `${OPEN}${form}|${at}${CLOSE}`;
}

/**
 * A time worded by `now`: "3 h ago", "expires in 3 h", "expired 2 h ago".
 *
 * @internal
 */
export function wordTime(
  part: { at: string; form: TimedForm },
  now: Date,
): string {
  const delta = Date.parse(part.at) - now.getTime();
  if (part.form === 'expires' && delta > 0) {
    return `expires in ${formatDuration(delta)}`;
  }
  const ago = `${formatDuration(delta)} ago`;
  return part.form === 'expires' ? `expired ${ago}` : ago;
}

/**
 * A timed text as its parts, in order.
 *
 * @internal
 */
export function splitTimed(text: string): TimedPart[] {
  const parts: TimedPart[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ form: match[1] as TimedForm, at: match[2] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * A timed text in plain words, every time worded by `now`.
 *
 * @internal
 */
export function wordTimed(text: string, now: Date): string {
  return text.replace(TOKEN, (_, form: TimedForm, at: string) =>
    wordTime({ form, at }, now),
  );
}
