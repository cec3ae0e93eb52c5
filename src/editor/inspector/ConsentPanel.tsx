import { useId, useRef } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import { CONSENT_MODES, type Consent, type ConsentMode } from '../../core/schemas/consent';
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

const toInteger = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

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
          <TextField
            label="Retries when the answer is unclear"
            type="number"
            min={0}
            max={5}
            value={Number.isFinite(consent.retries) ? String(consent.retries) : ''}
            error={issues.get('retries')}
            onChange={(text) => onChange({ ...consent, retries: toInteger(text) })}
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
          <TextField
            label="Wait for the reply (seconds)"
            type="number"
            min={10}
            max={7 * 24 * 3600}
            value={Number.isFinite(consent.timeoutSeconds) ? String(consent.timeoutSeconds) : ''}
            error={issues.get('timeoutSeconds')}
            hint={describeDuration(consent.timeoutSeconds) || undefined}
            onChange={(text) => onChange({ ...consent, timeoutSeconds: toInteger(text) })}
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
