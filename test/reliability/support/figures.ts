import { appendFileSync } from 'node:fs';

/**
 * Prints a figure a test reached (for docs/reliability.md) and, when FLOW_SMS_FIGURES is set to a
 * file path, appends it there as one JSON line. Figures are reported, never asserted on.
 */
export function reportFigure(test: string, figures: Record<string, number | string | boolean>): void {
  const line = JSON.stringify({ test, ...figures });
  console.log(`[reliability] ${line}`);
  const file = process.env.FLOW_SMS_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
