import type { FlowRunResult, FlowStep } from '../flow-runner';

export interface ConsentNote {
  nodeId?: string;
  question: string;
  answer: 'yes' | 'no';
  by: 'ask' | 'sms-reply';
}

export interface TraceHeader {
  flowPath: string;
  environment: string;
  transport: 'twilio' | 'sandbox';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The readable trace `flow-sms run` prints: one block per step, then a one-line summary. */
export function formatTrace(
  header: TraceHeader,
  result: FlowRunResult,
  consents: readonly ConsentNote[],
): string {
  const lines = [
    `Run ${result.runId}: ${header.flowPath} in ${header.environment} (${header.transport === 'sandbox' ? 'embedded sandbox, nothing leaves this machine' : 'Twilio'})`,
  ];
  const width = Math.max(...result.steps.map((s) => s.nodeId.length), 4);
  result.steps.forEach((step, i) => {
    const branch = step.branch ? `  -> ${step.branch}` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${step.nodeId.padEnd(width)}  ${step.type}${branch}`);
    for (const note of consents.filter((c) => c.nodeId === step.nodeId)) {
      lines.push(`       consent (${note.by}): ${JSON.stringify(note.question)} -> ${note.answer}`);
    }
    lines.push(...messageLines(step), ...errorLines(step));
  });
  for (const note of consents.filter((c) => c.nodeId === undefined)) {
    lines.push(`     consent (${note.by}): ${JSON.stringify(note.question)} -> ${note.answer}`);
  }
  lines.push(summary(result.steps));
  return `${lines.join('\n')}\n`;
}

function messageLines(step: FlowStep): string[] {
  const m = step.message;
  if (!m) return [];
  const segments = m.segments === null ? '' : `, ${plural(m.segments, 'segment')}`;
  return [
    `       ${m.sid ?? '(not sent)'}  ${m.from ?? '?'} -> ${m.to ?? '?'}  ${m.status}${segments}`,
    `       ${JSON.stringify(m.body ?? '')}`,
  ];
}

function errorLines(step: FlowStep): string[] {
  if (!step.error) return [];
  const lines = [`       error ${step.error.code}: ${step.error.message}`];
  if (step.error.hint) lines.push(`       hint: ${step.error.hint}`);
  return lines;
}

function summary(steps: readonly FlowStep[]): string {
  const count = (branch: string) => steps.filter((s) => s.branch === branch).length;
  const parts = [
    `${count('sent')} sent`,
    `${count('declined')} declined`,
    `${count('opted_out')} opted out`,
    `${count('failed')} failed`,
  ];
  const last = steps.at(-1);
  const end = last?.type === 'end' ? `ended at ${last.nodeId}` : `stopped at ${last?.nodeId ?? 'the start'}`;
  return `Result: ${parts.join(', ')}; ${end}.`;
}
