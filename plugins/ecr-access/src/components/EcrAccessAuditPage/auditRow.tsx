import { Text } from '@backstage/ui';
import type { AuditItem } from '@ecr-access/plugin-ecr-access-common';
import { TimeAgo, TimedText } from '../common/clock';
import { findingTitle } from '../common/findings';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { StatusLabel } from '../common/StatusLabel';
import { healthTone, pullAuthTone } from '../common/tones';

// The renderings of one audit row, shared by the wide table and the narrow cards, so that
// both say the same thing in the same words.

/** `component:default/payments-api` → `payments-api`. */
export function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The entity's title, else its name. */
export function entityName(item: AuditItem): string {
  return item.title || shortRef(item.entityRef);
}

/** The owner's display name when the facets know it, else its name. */
export function ownerName(
  item: AuditItem,
  ownerTitles: ReadonlyMap<string, string>,
): string {
  if (!item.owner) return '—';
  return (
    ownerTitles.get(item.owner.toLocaleLowerCase('en-US')) ??
    shortRef(item.owner)
  );
}

export function RowMechanisms(props: { item: AuditItem }) {
  const { item } = props;
  const mechanisms = item.mechanisms.length
    ? item.mechanisms
    : (['unknown'] as const);
  return (
    <>
      {mechanisms.map(m => (
        <div key={m}>
          <StatusLabel tone={pullAuthTone(m, item.health)}>
            {pullAuthLabel(m)}
          </StatusLabel>
        </div>
      ))}
    </>
  );
}

export function RowHealth(props: { item: AuditItem }) {
  const { item } = props;
  return (
    <>
      <StatusLabel tone={healthTone(item.health)}>
        {HEALTH_LABELS[item.health] ?? item.health}
      </StatusLabel>
      {item.stale && <div>Stale</div>}
    </>
  );
}

/**
 * The findings by their catalog titles, each code in its tooltip (and in the CSV export):
 * people read titles, the code is for searching logs and docs.
 */
export function RowFindings(props: { item: AuditItem }) {
  const codes = props.item.findingCodes;
  if (codes.length === 0) return null;
  return (
    <ul aria-label="Findings" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
      {codes.map(code => (
        <li key={code} title={code} data-finding-code={code}>
          <Text as="span" variant="body-small" color="secondary">
            {findingTitle(code)}
          </Text>
        </li>
      ))}
    </ul>
  );
}

/**
 * The sentence, its ages worded by the page's clock (`summaryParts`), not as they were when
 * the audit stored it; the stored sentence where the backend serves no parts.
 */
export function RowSummary(props: { item: AuditItem }) {
  const { summary, summaryParts } = props.item;
  return (
    <>
      {/* Wraps anywhere: a role ARN or a repository is longer than the column is wide. */}
      <Text
        as="span"
        variant="body-medium"
        style={{ overflowWrap: 'anywhere' }}
      >
        {summaryParts ? <TimedText parts={summaryParts} /> : summary}
      </Text>
      <RowFindings item={props.item} />
    </>
  );
}

export function RowChecked(props: { item: AuditItem }) {
  return <TimeAgo iso={props.item.checkedAt} fallback="—" />;
}
