import type { CSSProperties } from 'react';
import { useTheme } from '@material-ui/core/styles';
import type { StatusTone } from './StatusLabel';

/** The colours a chart draws with, all from the app's theme (light or dark). */
export interface ChartColours {
  /** Fill of a bar of each tone. */
  tones: Record<StatusTone, string>;
  /** Axis lines and tick labels. */
  axis: string;
  /** The tooltip's background and text. */
  tooltipBackground: string;
  tooltipText: string;
}

/**
 * Health-coded chart colours from the theme's palette, so that a dark theme gets its own
 * (the charts used to draw light-theme hex codes on every theme). `neutral` is for what is not
 * a health, such as a count by mechanism.
 */
export function useChartColours(): ChartColours {
  const { palette } = useTheme();
  return {
    tones: {
      ok: palette.success.main,
      warning: palette.warning.main,
      error: palette.error.main,
      unknown: palette.text.secondary,
      neutral: palette.info.main,
    },
    axis: palette.text.secondary,
    tooltipBackground: palette.background.paper,
    tooltipText: palette.text.primary,
  };
}

/**
 * BUI's secondary text colour for content drawn on the catalog's Material UI card: BUI picks
 * it for its own surfaces, and in the dark theme it is too faint on the card's background
 * (#a3a3a3 on #424141, 4.0:1 where WCAG AA asks 4.5:1). The theme's own secondary text colour
 * is meant for that background.
 */
export function useMuiSurfaceStyle(): CSSProperties {
  const { palette } = useTheme();
  return { '--bui-fg-secondary': palette.text.secondary } as CSSProperties;
}
