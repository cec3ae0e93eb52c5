import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import {
  CONSENT_MODES,
  CONSENT_RETRIES_MAX,
  type Consent,
  type ConsentMode,
  SMS_REPLY_TIMEOUT_MAX_SECONDS,
  SMS_REPLY_TIMEOUT_MIN_SECONDS,
} from '../../core/schemas/consent';
import { asksForConsent } from '../../core/schemas/send-sms-node';
import { ConsentDiagram } from './ConsentDiagram';
import {
  CONSENT_MODE_HINTS,
  CONSENT_MODE_LABELS,
  consentForMode,
  consentIssues,
  describeDuration,
} from './consent-modes';
import { PhrasesField } from './PhrasesField';
import { TextField } from './TextField';
import { VariableSelect } from './VariableSelect';

export interface ConsentPanelProps {
  consent: Consent;
  variables: UpstreamVariable[];
  /** Whether an edge leaves the node's `declined` handle. */
  declinedConnected: boolean;
  onChange: (consent: Consent) => void;
  nodeLabels?: Readonly<Record<string, string>>;
}

const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * A number setting. An empty box (or one the browser cannot read as a number, such as "1e") is
 * not a value the node can hold: JSON has no NaN, so a saved flow would come back with null. The
 * box keeps its own text, says what to enter, and the node keeps its last number until one is typed.
 */
function NumberSetting({
  label,
  value,
  min,
  max,
  error,
  emptyError,
  hint,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  error: string | undefined;
  emptyError: string;
  hint?: ReactNode;
  onChange: (value: number) => void;
}) {
  const shown = Number.isFinite(value) ? String(value) : '';
  const [draft, setDraft] = useState(shown);
  useEffect(() => {
    // Adopt a change from outside, but not the echo of what is being typed.
    setDraft((current) => (toNumber(current) === Number(shown) && shown !== '' ? current : shown));
  }, [shown]);
  const empty = !Number.isFinite(toNumber(draft));
  return (
    <TextField
      label={label}
      type="number"
      min={min}
      max={max}
      value={draft}
      error={empty ? emptyError : error}
      hint={empty ? undefined : hint}
      onChange={(text) => {
        setDraft(text);
        const next = toNumber(text);
        if (Number.isFinite(next)) onChange(next);
      }}
    />
  );
}

function ModeSettings({
  consent,
  variables,
  nodeLabels,
  onChange,
}: Pick<ConsentPanelProps, 'consent' | 'variables' | 'nodeLabels' | 'onChange'>) {
  const id = useId();
  const issues = consentIssues(consent);
  switch (consent.mode) {
    case 'not-required':
      return (
        <TextField
          label="Why no consent is needed"
          value={consent.reason}
          error={issues.get('reason')}
          hint="Kept with every message as evidence, e.g. “the caller asked for the link”."
          onChange={(reason) => onChange({ ...consent, reason })}
        />
      );
    case 'variable': {
      const error = issues.get('path');
      return (
        <div className="fsms-field">
          <label htmlFor={`${id}-path`}>Variable holding the caller’s consent</label>
          <VariableSelect
            id={`${id}-path`}
            value={consent.path}
            variables={variables}
            nodeLabels={nodeLabels}
            invalid={Boolean(error)}
            describedBy={error ? `${id}-path-error` : undefined}
            onChange={(path) => onChange({ ...consent, path })}
          />
          {error && (
            <p id={`${id}-path-error`} className="fsms-error">
              {error}
            </p>
          )}
        </div>
      );
    }
    case 'ask':
      return (
        <>
          <TextField
            label="Question"
            multiline
            value={consent.question}
            error={issues.get('question')}
            onChange={(question) => onChange({ ...consent, question })}
          />
          <PhrasesField
            label="Phrases meaning yes"
            phrases={consent.yes}
            error={issues.get('yes')}
            onChange={(yes) => onChange({ ...consent, yes })}
          />
          <PhrasesField
            label="Phrases meaning no"
            phrases={consent.no}
            error={issues.get('no')}
            onChange={(no) => onChange({ ...consent, no })}
          />
          <NumberSetting
            label="Retries when the answer is unclear"
            min={0}
            max={CONSENT_RETRIES_MAX}
            value={consent.retries}
            error={issues.get('retries')}
            emptyError={`Enter a whole number from 0 to ${CONSENT_RETRIES_MAX}.`}
            onChange={(retries) => onChange({ ...consent, retries })}
          />
        </>
      );
    case 'sms-reply':
      return (
        <>
          <TextField
            label="Question sent by SMS"
            multiline
            value={consent.question}
            error={issues.get('question')}
            onChange={(question) => onChange({ ...consent, question })}
          />
          <NumberSetting
            label="Wait for the reply (seconds)"
            min={SMS_REPLY_TIMEOUT_MIN_SECONDS}
            max={SMS_REPLY_TIMEOUT_MAX_SECONDS}
            value={consent.timeoutSeconds}
            error={issues.get('timeoutSeconds')}
            emptyError={`Enter how many seconds to wait for the reply, from ${SMS_REPLY_TIMEOUT_MIN_SECONDS} to ${SMS_REPLY_TIMEOUT_MAX_SECONDS} (${describeDuration(SMS_REPLY_TIMEOUT_MAX_SECONDS)}).`}
            hint={describeDuration(consent.timeoutSeconds) || undefined}
            onChange={(timeoutSeconds) => onChange({ ...consent, timeoutSeconds })}
          />
        </>
      );
  }
}

/** How the node makes sure the recipient agreed, and where each answer leads. */
export function ConsentPanel({
  consent,
  variables,
  declinedConnected,
  onChange,
  nodeLabels,
}: ConsentPanelProps) {
  const id = useId();
  // Settings of modes visited earlier in this session, so a mis-click does not lose what was typed.
  const remembered = useRef<Partial<Record<ConsentMode, Consent>>>({});
  const selectMode = (mode: ConsentMode) => {
    if (mode === consent.mode) return;
    remembered.current[consent.mode] = consent;
    onChange(consentForMode(mode, consent, remembered.current));
  };
  const showDeclinedWarning = asksForConsent({ consent }) && !declinedConnected;

  return (
    <section className="fsms-panel fsms-consent" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Consent</h3>
      <div role="radiogroup" aria-labelledby={`${id}-title`} className="fsms-radio-group">
        {CONSENT_MODES.map((mode) => (
          <div key={mode} className="fsms-radio">
            <input
              type="radio"
              id={`${id}-${mode}`}
              name={`${id}-mode`}
              value={mode}
              checked={consent.mode === mode}
              aria-describedby={`${id}-${mode}-hint`}
              onChange={() => selectMode(mode)}
            />
            <label htmlFor={`${id}-${mode}`}>{CONSENT_MODE_LABELS[mode]}</label>
            <p id={`${id}-${mode}-hint`} className="fsms-hint">
              {CONSENT_MODE_HINTS[mode]}
            </p>
          </div>
        ))}
      </div>
      <ModeSettings consent={consent} variables={variables} nodeLabels={nodeLabels} onChange={onChange} />
      {showDeclinedWarning && (
        <p className="fsms-warning" role="note">
          Warning: the Declined branch is not connected. When the recipient declines, the flow stops here;
          connect Declined to say something like “No problem, I won’t text you.”
        </p>
      )}
      <ConsentDiagram consent={consent} />
    </section>
  );
}
