import type { Availability, AvailabilityOracle, SolvedAvailability } from './availability';

/**
 * Names that fit in four 32-bit words are solved together, at every node, on the first question:
 * O((nodes + edges) x 4) at most, linear, and for flows of everyday size cheaper than building the
 * dominator tree that answers questions one by one.
 */
export const NAMES_SOLVED_AT_ONCE = 128;

/** Availability of named variables at the nodes of one analysed flow, for any number of questions. */
export interface VariableAvailability {
  /** Availability of exactly `path` (no dotted prefixes) at `node`. */
  at(node: number, path: string): Availability | undefined;
}

/**
 * Decides, question by question, between answering locally (availability.ts: cheap for one
 * question, whatever the number of names) and solving variables at every node at once (cheap per
 * answer for a variable asked about everywhere, but a pass over the whole flow).
 *
 * Few names (at most 128): all of them are solved together on the first question.
 *
 * Many names: rent or buy. Each variable is answered locally until what its answers have cost is
 * worth solving it at every node instead. A solve handles 32 variables per word for about the price
 * of one, so the variables that have each spent at least a 32nd of a solve ("warm") are solved
 * together, as soon as what they have spent between them pays for their batch. Every batch is thus
 * paid for by local work already done and the total stays within about twice that work; a variable
 * asked about once or twice (the usual case in a flow whose parts bring names of their own) is
 * never solved, and one asked about at every node is solved after a handful of answers.
 *
 * Variables `onBranches` says Send SMS branches set and clear have no local answer: the first
 * question about one solves all of them together (a few names, one word: a single linear pass).
 */
export function createVariableAvailability(
  oracle: AvailabilityOracle,
  settersOf: ReadonlyMap<string, readonly number[]>,
  flowSize: number,
  onBranches: (path: string) => boolean,
): VariableAvailability {
  const solved = new Map<string, { table: SolvedAvailability; variable: number }>();
  const solve = (paths: readonly string[]) => {
    const table = oracle.solve(
      paths.map((path) => settersOf.get(path)!),
      paths.map(onBranches),
    );
    paths.forEach((path, variable) => {
      solved.set(path, { table, variable });
    });
  };
  let firstQuestion = true;

  const solveCost = 2 * flowSize;
  const share = solveCost / 32;
  const spent = new Map<string, number>();
  const warm = new Set<string>();
  let warmSpent = 0;

  return {
    at(node, path) {
      const setters = settersOf.get(path);
      if (!setters) return undefined;
      if (firstQuestion) {
        firstQuestion = false;
        if (settersOf.size <= NAMES_SOLVED_AT_ONCE) solve([...settersOf.keys()]);
      }
      if (onBranches(path) && !solved.has(path)) solve([...settersOf.keys()].filter(onBranches));
      const known = solved.get(path);
      if (known) return known.table.at(node, known.variable);

      const before = oracle.work;
      const found = oracle.always(node, setters)
        ? 'always'
        : oracle.sometimes(node, setters)
          ? 'some-paths'
          : undefined;
      const cost = oracle.work - before;
      const total = (spent.get(path) ?? 0) + cost;
      spent.set(path, total);
      if (warm.has(path)) warmSpent += cost;
      else if (total >= share) {
        warm.add(path);
        warmSpent += total;
      }
      if (warm.size > 0 && warmSpent >= solveCost * Math.ceil(warm.size / 32)) {
        const batch = [...warm];
        solve(batch);
        for (const p of batch) spent.delete(p);
        warm.clear();
        warmSpent = 0;
      }
      return found;
    },
  };
}
