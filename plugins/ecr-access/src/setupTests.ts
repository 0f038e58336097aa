import '@testing-library/jest-dom';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer and the BUI table observe sizes.
// An observer that never reports is enough: tests read the text next to the charts.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = NoopResizeObserver;
}
