import { useEffect, useId, useRef } from 'react';
import type { UpstreamVariable } from '../../core/flow';
import { fixedPhoneNumberProblem } from '../../core/phone';
import type { InputSource } from '../../core/schemas/input-source';
import { CALLER_NUMBER_PATH, OPT_OUT_FOOTER, type SendSmsNodeData } from '../../core/schemas/send-sms-node';
import { InputSourceField } from './InputSourceField';
import { TextField } from './TextField';

type Timing = SendSmsNodeData['timing'];
const TRIGGER_MAX = 500;

export interface RecipientTimingPatch {
  to?: InputSource;
  timing?: Timing;
  trigger?: string;
  optOutFooter?: boolean;
}

export interface RecipientTimingPanelProps {
  to: InputSource;
  timing: Timing;
  trigger: string;
  optOutFooter: boolean;
  variables: UpstreamVariable[];
  onChange: (patch: RecipientTimingPatch) => void;
  nodeLabels?: Readonly<Record<string, string>>;
}

const TIMING_LABELS: Record<Timing, string> = {
  'during-call': 'During the call',
  'after-call': 'After the call ends',
};

/**
 * A fixed recipient can be checked now, by the rule the flow's validation and the executor apply
 * (E.164, and a number that exists); a variable one only when the flow runs.
 */
function recipientProblems(to: InputSource) {
  const problem = to.kind === 'fixed' ? fixedPhoneNumberProblem(to.value, 'Recipient') : undefined;
  return problem ? [{ message: problem, severity: 'error' as const }] : [];
}

const isCallerNumber = (to: InputSource) => to.kind === 'variable' && to.path === CALLER_NUMBER_PATH;

/** The recipient's Variable select, found by its label so this panel needs no hook into the field. */
function recipientVariable(section: HTMLElement | null): HTMLElement | null {
  const recipient = section?.querySelector('fieldset');
  const label = [...(recipient?.querySelectorAll('label') ?? [])].find((l) => l.textContent === 'Variable');
  return label?.control ?? null;
}

/** Who gets the message, when it goes out, and the opt-out footer. */
export function RecipientTimingPanel({
  to,
  timing,
  trigger,
  optOutFooter,
  variables,
  onChange,
  nodeLabels,
}: RecipientTimingPanelProps) {
  const id = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const focusRecipient = useRef(false);
  // "Send to the caller’s number" disappears once it has done its job, taking keyboard focus with
  // it; the field it changed is where the builder can check the result and carry on.
  useEffect(() => {
    if (!focusRecipient.current || !isCallerNumber(to)) return;
    focusRecipient.current = false;
    // Only if focus went with the button: the builder may have moved on before the change landed.
    const activeElement = sectionRef.current?.ownerDocument.activeElement;
    if (activeElement && activeElement !== activeElement.ownerDocument.body) return;
    recipientVariable(sectionRef.current)?.focus();
  }, [to]);
  const triggerError = trigger.length > TRIGGER_MAX ? `must be at most ${TRIGGER_MAX} characters` : undefined;
  return (
    <section ref={sectionRef} className="fsms-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Recipient and timing</h3>
      <InputSourceField
        legend="Recipient"
        value={to}
        variables={variables}
        nodeLabels={nodeLabels}
        defaultPath={CALLER_NUMBER_PATH}
        problems={recipientProblems(to)}
        hint={`A phone number in E.164 form. Default: the caller’s number (${CALLER_NUMBER_PATH}).`}
        onChange={(next) => onChange({ to: next ?? { kind: 'variable', path: CALLER_NUMBER_PATH } })}
      />
      {!isCallerNumber(to) && (
        <button
          type="button"
          onClick={() => {
            focusRecipient.current = true;
            onChange({ to: { kind: 'variable', path: CALLER_NUMBER_PATH } });
          }}
        >
          Send to the caller’s number
        </button>
      )}
      <fieldset className="fsms-radio-group">
        <legend>When to send</legend>
        {(Object.keys(TIMING_LABELS) as Timing[]).map((value) => (
          <div key={value} className="fsms-radio">
            <input
              type="radio"
              id={`${id}-${value}`}
              name={`${id}-timing`}
              value={value}
              checked={timing === value}
              onChange={() => onChange({ timing: value })}
            />
            <label htmlFor={`${id}-${value}`}>{TIMING_LABELS[value]}</label>
          </div>
        ))}
      </fieldset>
      <TextField
        label="Send when (trigger condition)"
        multiline
        value={trigger}
        error={triggerError}
        hint={`Describe when the message should go out, e.g. “the caller confirms the booking”. ${trigger.length}/${TRIGGER_MAX}`}
        placeholder="Always, when the flow reaches this node"
        onChange={(next) => onChange({ trigger: next })}
      />
      <div className="fsms-checkbox">
        <input
          type="checkbox"
          id={`${id}-footer`}
          checked={optOutFooter}
          onChange={(event) => onChange({ optOutFooter: event.target.checked })}
        />
        <label htmlFor={`${id}-footer`}>Add the opt-out footer “{OPT_OUT_FOOTER}”</label>
      </div>
    </section>
  );
}
