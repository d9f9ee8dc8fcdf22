/**
 * How a memory ranks for a query, after the Generative Agents paper's retrieval function: the sum of
 * recency (exponential decay since the memory was made), importance (1..10, scaled to 0..1) and
 * relevance (share of the query's words the memory contains, memory-tokens.ts), each weighted.
 */
export interface RetrievalWeights {
  recency: number;
  importance: number;
  relevance: number;
}

export interface ScoringOptions {
  now: number;
  /** A memory this old counts half as recent. */
  halfLifeMs: number;
  weights: RetrievalWeights;
}

export const DEFAULT_WEIGHTS: RetrievalWeights = { recency: 1, importance: 1, relevance: 1.5 };
/** One hour. */
export const DEFAULT_HALF_LIFE_MS = 3_600_000;
