// Which POP edge a viewer is sent to: the control plane's resolver (GET /v1/resolve) ranks
// the live, in-class POPs by great-circle distance from the viewer; a shield edge also
// connects to the control plane with a POP code (docs: "its resolver may name a parent
// edge"), so the runner takes the nearest candidate that is one of the variant's POP edges.
// Pure: the answer in, a POP code out.

export interface ResolveAnswer {
  /** Every live in-class POP, in catalog order (the resolver's fallback order). */
  candidates: { pop: string; distanceKm: number | null; edges: string[] }[];
}

/**
 * The nearest candidate among `popEdges` (ties and an unknown location: the first in
 * catalog order, as the resolver does); undefined when none of them serves the viewer.
 */
export function chooseEdgePop(answer: ResolveAnswer, popEdges: readonly string[]): string | undefined {
  let best: { pop: string; km: number } | undefined;
  for (const c of answer.candidates) {
    if (!popEdges.includes(c.pop)) continue;
    const km = c.distanceKm ?? Infinity;
    if (best === undefined || km < best.km) best = { pop: c.pop, km };
  }
  return best?.pop;
}
