export interface BoundaryViolation {
  /** The importing file, relative to the checked root. */
  file: string;
  /** The import as written. */
  specifier: string;
  message: string;
}

/** All layering violations (editor -> core <- executor) under `root`, the repository by default. */
export function findViolations(root?: string): BoundaryViolation[];
