import type { FlowFile } from 'flow-sms/core';

/** The playground server's sandbox API (see ../server): runs flows and plays the recipient's phone. */
export interface RunStep {
  nodeId: string;
  type: string;
  branch?: string;
  message?: { sid: string; to: string; from: string; body: string; segments: number; status: string };
  error?: { code: string; message: string; hint?: string };
}
export interface RunResult {
  runId: string;
  steps: RunStep[];
}
export interface ConversationMessage {
  direction: 'outbound' | 'inbound';
  from: string;
  to: string;
  body: string;
  status?: string;
  at: string;
}
export interface Conversation {
  number: string;
  messages: ConversationMessage[];
  optedOut: boolean;
}
export interface DeliveryStats {
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  optedOut: number;
  declined: number;
  /** Still in the outbox: not settled yet. */
  pending: number;
}
export type ConsentAnswer = 'yes' | 'no' | 'no-answer';
export interface RunRequest {
  flow: FlowFile;
  callerNumber: string;
  /**
   * The caller's answer to a Send SMS node's consent question; required when a node asks (mode
   * 'ask'). 'no-answer': nothing the caller says is a yes or a no phrase, even when asked again.
   */
  consentAnswer?: ConsentAnswer;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error((payload as { error?: string }).error ?? `${path} answered ${response.status}`);
  }
  return payload as T;
}

export const sandboxApi = {
  run: (request: RunRequest) =>
    call<RunResult>('/api/run', { method: 'POST', body: JSON.stringify(request) }),
  conversation: (number: string) =>
    call<Conversation>(`/api/conversation?number=${encodeURIComponent(number)}`),
  /** `to`: the number to answer when nothing has texted `from` yet (the flow's sender). */
  reply: (from: string, body: string, to?: string) =>
    call<{ reply: string | null }>('/api/reply', {
      method: 'POST',
      body: JSON.stringify({ from, body, to }),
    }),
  stats: () => call<DeliveryStats>('/api/stats'),
};
