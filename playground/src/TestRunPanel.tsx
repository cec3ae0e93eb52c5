import { type FlowFile, SENDER_KEY_BY_ENVIRONMENT } from 'flow-sms/core';
import { useCallback, useEffect, useState } from 'react';
import { type Conversation, type DeliveryStats, type RunResult, type RunStep, sandboxApi } from './api';
import { DeliveryWidget } from './DeliveryWidget';
import { PhoneView } from './PhoneView';

/** The number the flow sends from in its environment: the flow's own, else its first template's. */
function flowSender(flow: FlowFile): string | undefined {
  const key = SENDER_KEY_BY_ENVIRONMENT[flow.environment ?? 'sandbox'];
  return flow.senders[key] ?? flow.templates.find((template) => template.senders[key])?.senders[key];
}

/** The run's outcome in one sentence, for the status line a screen reader speaks. */
function runOutcome(steps: readonly RunStep[], nodeName: (nodeId: string) => string): string {
  const failed = steps.find((step) => step.error);
  if (failed?.error)
    return `Run finished with an error at ${nodeName(failed.nodeId)}: ${failed.error.message}`;
  const outcomes = steps.flatMap((step) =>
    step.branch ? [`${nodeName(step.nodeId)} ${step.branch.replace('_', ' ')}`] : [],
  );
  if (outcomes.length === 0) return 'Run finished without reaching a Send SMS node.';
  return `Run finished: ${outcomes.join(', ')}.`;
}

/** Runs the current flow through the executor against the sandbox and shows what happened. */
export function TestRunPanel({
  getFlow,
  nodeName,
}: {
  getFlow(): FlowFile;
  /** How the trace names a node: the same name the canvas gives it. */
  nodeName(nodeId: string): string;
}) {
  const [callerNumber, setCallerNumber] = useState('+14155550123');
  const [consentAnswer, setConsentAnswer] = useState<'yes' | 'no'>('yes');
  const [result, setResult] = useState<RunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [stats, setStats] = useState<DeliveryStats | null>(null);

  const refresh = useCallback(async (number: string) => {
    const [nextConversation, nextStats] = await Promise.all([
      sandboxApi.conversation(number),
      sandboxApi.stats(),
    ]);
    setConversation(nextConversation);
    setStats(nextStats);
  }, []);

  useEffect(() => {
    refresh(callerNumber).catch(() => undefined);
    // Poll so delivery receipts (queued -> sent -> delivered) show up without a click.
    const timer = setInterval(() => refresh(callerNumber).catch(() => undefined), 1500);
    return () => clearInterval(timer);
  }, [callerNumber, refresh]);

  const run = async () => {
    if (running) return;
    setRunning(true);
    setError(null);
    setAnnouncement('Running the flow…');
    try {
      const next = await sandboxApi.run({ flow: getFlow(), callerNumber, consentAnswer });
      setResult(next);
      setAnnouncement(runOutcome(next.steps, nodeName));
      await refresh(callerNumber);
    } catch (caught) {
      // The alert below says what went wrong; saying it here too would read it twice.
      setAnnouncement('');
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setRunning(false);
    }
  };

  const reply = async (body: string) => {
    await sandboxApi.reply(callerNumber, body, flowSender(getFlow()));
    await refresh(callerNumber);
  };

  return (
    <section className="test-run" aria-labelledby="test-run-heading">
      <div className="test-run__main">
        <h2 id="test-run-heading">Test run</h2>
        <div className="test-run__controls">
          <div className="test-run__field">
            <label htmlFor="test-run-caller">Caller number</label>
            <input
              id="test-run-caller"
              value={callerNumber}
              onChange={(event) => setCallerNumber(event.target.value.trim())}
            />
          </div>
          <div className="test-run__field">
            <label htmlFor="test-run-consent">Caller's answer when asked by voice</label>
            <select
              id="test-run-consent"
              value={consentAnswer}
              onChange={(event) => setConsentAnswer(event.target.value as 'yes' | 'no')}
            >
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </div>
          {/* aria-disabled, not disabled: a disabled button drops the keyboard focus it holds. */}
          <button type="button" onClick={run} aria-disabled={running || undefined}>
            {running ? 'Running…' : 'Run flow'}
          </button>
        </div>
        <p role="status" className="visually-hidden">
          {announcement}
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {result ? (
          <ol className="trace" aria-label="Step trace">
            {result.steps.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a trace may visit a node twice
              <li key={index} className="trace__step">
                <span className="trace__node" title={step.nodeId}>
                  {nodeName(step.nodeId)}
                </span>
                {step.branch ? (
                  <span className={`trace__branch trace__branch--${step.branch}`}> → {step.branch}</span>
                ) : null}
                {step.error ? <p className="trace__error">{step.error.message}</p> : null}
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      <PhoneView conversation={conversation} onReply={reply} />
      <DeliveryWidget stats={stats} />
    </section>
  );
}
