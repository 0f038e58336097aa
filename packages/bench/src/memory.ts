/**
 * Peak memory of this process: the kernel's own high-water mark for RSS (`maxRSS`, which
 * catches peaks between samples) and the V8 heap, sampled every 20 ms.
 */
export function watchMemory() {
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      return {
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        peakHeapBytes: peakHeap,
      };
    },
  };
}
