import { Flex, Text } from '@backstage/ui';
import type { ReactNode } from 'react';
import {
  HEALTHS,
  PULL_AUTHS,
  type Health,
  type PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import {
  Bar,
  BarChart,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AuditCounts } from '@ecr-access/plugin-ecr-access-common';
import { HEALTH_LABELS, pullAuthLabel } from '../common/labels';
import { StatusLabel, type StatusTone } from '../common/StatusLabel';
import { healthTone } from '../common/tones';
import { useChartColours } from '../common/palette';

/** Height of one bar's row: the chart grows with the number of buckets, bars stay thin. */
const BAR_ROW = 28;

interface Bucket {
  label: string;
  count: number;
  tone: StatusTone;
}

function CountChart(props: {
  title: string;
  buckets: Bucket[];
  children: ReactNode;
}) {
  const { title, buckets, children } = props;
  // Every bar also carries its label, so colour is not the only signal.
  const colours = useChartColours();
  const tick = { fill: colours.axis };
  return (
    <figure style={{ margin: 0, flex: '1 1 320px', minWidth: 280 }}>
      <Text as="h3" variant="title-x-small" weight="bold">
        <figcaption>{title}</figcaption>
      </Text>
      {children}
      {/* The chart is a picture of the list below it; screen readers read the list. */}
      <div
        aria-hidden
        style={{ width: '100%', height: buckets.length * BAR_ROW + 40 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={buckets} layout="vertical" margin={{ left: 24 }}>
            <XAxis
              type="number"
              allowDecimals={false}
              stroke={colours.axis}
              tick={tick}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={110}
              stroke={colours.axis}
              tick={tick}
            />
            <Tooltip
              cursor={{ fill: 'transparent' }}
              contentStyle={{
                background: colours.tooltipBackground,
                color: colours.tooltipText,
              }}
              itemStyle={{ color: colours.tooltipText }}
            />
            <Bar
              dataKey="count"
              name="Entities"
              barSize={BAR_ROW - 10}
              isAnimationActive={false}
            >
              {buckets.map(b => (
                <Cell key={b.label} fill={colours.tones[b.tone]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function CountList(props: {
  label: string;
  items: Array<{ key: string; label: string; count: number; tone: StatusTone }>;
}) {
  return (
    <ul
      aria-label={props.label}
      style={{
        listStyle: 'none',
        margin: '8px 0',
        padding: 0,
        display: 'flex',
        flexWrap: 'wrap',
        gap: 16,
      }}
    >
      {props.items.map(i => (
        <li key={i.key}>
          <Text as="span" variant="body-small">
            {/* A mechanism's count is not a health: words only, no status icon. */}
            {i.tone === 'neutral' ? (
              <>
                {i.label}: <strong>{i.count}</strong>
              </>
            ) : (
              <StatusLabel tone={i.tone}>
                {i.label}: <strong>{i.count}</strong>
              </StatusLabel>
            )}
          </Text>
        </li>
      ))}
    </ul>
  );
}

/**
 * Counts by mechanism and by health over every entity matching the filters. A mechanism's
 * count mixes healthy and broken entities, so its bars and dots are neutral: only the health
 * chart is health-coded (a green "IRSA for pulls" bar painted broken IRSA setups green).
 */
export function AuditSummary(props: { counts: AuditCounts }) {
  const { byMechanism, byHealth } = props.counts;
  const mechanisms = PULL_AUTHS.filter(m => byMechanism[m]).map(
    (m: PullAuth) => ({
      key: m,
      label: pullAuthLabel(m),
      count: byMechanism[m] ?? 0,
      tone: 'neutral' as const,
    }),
  );
  const healths = HEALTHS.filter(h => byHealth[h]).map((h: Health) => ({
    key: h,
    label: HEALTH_LABELS[h],
    count: byHealth[h] ?? 0,
    tone: healthTone(h),
  }));
  return (
    <section aria-label="Summary">
      <Flex gap="6" align="start" style={{ flexWrap: 'wrap' }}>
        <CountChart title="Entities by pull mechanism" buckets={mechanisms}>
          <CountList label="Entities by pull mechanism" items={mechanisms} />
        </CountChart>
        <CountChart title="Entities by health" buckets={healths}>
          <CountList label="Entities by health" items={healths} />
        </CountChart>
      </Flex>
    </section>
  );
}
