/** Filled in by issue #16. */
export {};
