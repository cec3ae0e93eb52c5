import { type FlowFile, SENDER_KEY_BY_ENVIRONMENT, tryNormalizePhoneNumber } from 'flow-sms/core';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  type ConsentAnswer,
  type Conversation,
  type DeliveryStats,
  type RunResult,
  type RunStep,
  sandboxApi,
} from './api';
import { DeliveryWidget } from './DeliveryWidget';
import { PhoneView } from './PhoneView';

/** The number the flow sends from in its environment: the flow's own, else its first template's. */
function flowSender(flow: FlowFile): string | undefined {
  const key = SENDER_KEY_BY_ENVIRONMENT[flow.environment ?? 'sandbox'];
  return flow.senders[key] ?? flow.templates.find((template) => template.senders[key])?.senders[key];
}

/** The run's outcome in one sentence, for the status line a screen reader speaks. */
function runOutcome(steps: readonly RunStep[], nodeName: (nodeId: string) => string): string {
  // Declined and opted out are branches the flow handles; their step carries the reason, not a failure.
  const failed = steps.find(
    (step) => step.error && step.branch !== 'opted_out' && step.branch !== 'declined',
  );
  if (failed?.error)
    return `Run finished with an error at ${nodeName(failed.nodeId)}: ${failed.error.message}`;
  const outcomes = steps.flatMap((step) =>
    step.branch ? [`${nodeName(step.nodeId)} ${step.branch.replace('_', ' ')}`] : [],
  );
  if (outcomes.length === 0) return 'Run finished without reaching a Send SMS node.';
  return `Run finished: ${outcomes.join(', ')}.`;
}

/** A reason the number cannot be used (the normaliser's own words), said about the field it is in. */
const callerNumberProblem = (reason: string) => `Caller number: ${reason}`;

/** Runs the current flow through the executor against the sandbox and shows what happened. */
export function TestRunPanel({
  getFlow,
  nodeName,
}: {
  getFlow(): FlowFile;
  /** How the trace names a node: the same name the canvas gives it. */
  nodeName(nodeId: string): string;
}) {
  const [callerInput, setCallerInput] = useState('+14155550123');
  // The number is normalised here, once, and the run, the phone view and replies all use that E.164
  // form: the sandbox API only knows a number in that form, so a number pasted as "+1 415 555 0123"
  // must not reach it as written.
  const caller = useMemo(() => tryNormalizePhoneNumber(callerInput), [callerInput]);
  const callerNumber = caller.ok ? caller.e164 : null;
  // Shown once the field is left or a run is tried, not at every keystroke of a half-typed number.
  const [callerChecked, setCallerChecked] = useState(false);
  const callerError = callerChecked && !caller.ok ? callerNumberProblem(caller.error.message) : null;
  const callerErrorId = useId();
  const [consentAnswer, setConsentAnswer] = useState<ConsentAnswer>('yes');
  // The last run's trace, with the caller it ran for: the field may hold another number by now.
  const [result, setResult] = useState<{ run: RunResult; callerNumber: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [stats, setStats] = useState<DeliveryStats | null>(null);

  // The number the phone view shows; an answer for another number (the field changed while the
  // request was out) must not replace its conversation.
  const shownNumber = useRef(callerNumber);
  const refresh = useCallback(async (number: string) => {
    const [nextConversation, nextStats] = await Promise.all([
      sandboxApi.conversation(number),
      sandboxApi.stats(),
    ]);
    if (number !== shownNumber.current) return;
    setConversation(nextConversation);
    setStats(nextStats);
  }, []);

  useEffect(() => {
    shownNumber.current = callerNumber;
    // Not a number yet: the phone shows nobody's conversation rather than the previous number's.
    if (callerNumber === null) {
      setConversation(null);
      return;
    }
    refresh(callerNumber).catch(() => undefined);
    // Poll so delivery receipts (queued -> sent -> delivered) show up without a click.
    const timer = setInterval(() => refresh(callerNumber).catch(() => undefined), 1500);
    return () => clearInterval(timer);
  }, [callerNumber, refresh]);

  const run = async () => {
    if (running) return;
    setError(null);
    // A new attempt replaces the last run's trace and outcome, even if it runs nothing: shown next
    // to this attempt's error, they would say a message was sent when this attempt sent none.
    setResult(null);
    setAnnouncement('');
    if (!caller.ok) {
      // The field's own alert says what to fix; nothing is sent.
      setCallerChecked(true);
      return;
    }
    const number = caller.e164;
    setRunning(true);
    setAnnouncement('Running the flow…');
    let next: RunResult;
    try {
      next = await sandboxApi.run({ flow: getFlow(), callerNumber: number, consentAnswer });
    } catch (caught) {
      // The alert below says what went wrong; saying it here too would read it twice.
      setAnnouncement('');
      setError(caught instanceof Error ? caught.message : String(caught));
      return;
    } finally {
      setRunning(false);
    }
    setResult({ run: next, callerNumber: number });
    setAnnouncement(runOutcome(next.steps, nodeName));
    // The phone catches up now rather than at the next poll. The run has already succeeded: if
    // this fetch fails, the poll tries again, and the run is not reported as failed.
    refresh(number).catch(() => undefined);
  };

  const reply = async (body: string) => {
    if (!caller.ok) {
      setCallerChecked(true);
      throw new Error(callerNumberProblem(caller.error.message));
    }
    await sandboxApi.reply(caller.e164, body, flowSender(getFlow()));
    await refresh(caller.e164);
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
              value={callerInput}
              aria-invalid={callerError ? true : undefined}
              aria-describedby={callerError ? callerErrorId : undefined}
              onChange={(event) => {
                setCallerInput(event.target.value);
                setCallerChecked(false);
              }}
              onBlur={() => setCallerChecked(true)}
            />
            {callerError ? (
              <p id={callerErrorId} role="alert" className="error">
                {callerError}
              </p>
            ) : null}
          </div>
          <div className="test-run__field">
            <label htmlFor="test-run-consent">Caller's answer when asked by voice</label>
            <select
              id="test-run-consent"
              value={consentAnswer}
              onChange={(event) => setConsentAnswer(event.target.value as ConsentAnswer)}
            >
              <option value="yes">Yes</option>
              <option value="no">No</option>
              {/* Neither a yes nor a no phrase, every time the node asks: its "no clear answer" path. */}
              <option value="no-answer">No clear answer</option>
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
        {result ? <p className="trace__caption">Last run: caller {result.callerNumber}</p> : null}
        {result ? (
          <ol className="trace" aria-label="Step trace">
            {result.run.steps.map((step, index) => (
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
