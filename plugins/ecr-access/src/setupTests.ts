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

// jsdom has no matchMedia either, and BUI's useBreakpoint then takes the narrowest screen.
// Tests run at a 1280 px wide desktop unless a test file sets its own before rendering.
if (!window.matchMedia) {
  window.matchMedia = ((query: string) => {
    const minWidth = /min-width:\s*(\d+)px/.exec(query);
    return {
      matches: minWidth ? Number(minWidth[1]) <= 1280 : false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    };
  }) as unknown as typeof window.matchMedia;
}
