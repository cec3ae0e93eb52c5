import { useState } from 'react';
import type { Consent } from '../../src/core/schemas/consent';
import { ConsentPanel } from '../../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

/** The consent panel as the inspector holds it: controlled, with the sample upstream variables. */
export function ConsentHarness(props: {
  initial: Consent;
  declinedConnected?: boolean;
  onChange?: (consent: Consent) => void;
}) {
  const [consent, setConsent] = useState(props.initial);
  return (
    <ConsentPanel
      consent={consent}
      variables={SAMPLE_VARIABLES}
      nodeLabels={NODE_LABELS}
      declinedConnected={props.declinedConnected ?? true}
      onChange={(next) => {
        setConsent(next);
        props.onChange?.(next);
      }}
    />
  );
}

/** An 'ask' consent with one phrase each way, as most panel tests start from. */
export const askTheCaller = (retries = 1): Consent => ({
  mode: 'ask',
  question: 'Text you?',
  yes: ['yes'],
  no: ['no'],
  retries,
});
