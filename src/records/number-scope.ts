/** What a counter may be kept per. `year` is required: counters restart every year. */
export const SCOPE_KEYS = ['unit', 'type', 'classification', 'year', 'month'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];
