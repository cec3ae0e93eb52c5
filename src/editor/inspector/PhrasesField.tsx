import { useEffect, useState } from 'react';

export interface PhrasesFieldProps {
  id: string;
  label: string;
  phrases: readonly string[];
  onChange: (phrases: string[]) => void;
  error?: string;
}

const splitPhrases = (text: string) =>
  text
    .split(',')
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase !== '');

/**
 * Comma-separated phrases in one text box. The box keeps its own draft so that a trailing comma
 * or space survives while typing; the parsed list goes out on every change.
 */
export function PhrasesField({ id, label, phrases, onChange, error }: PhrasesFieldProps) {
  const joined = phrases.join(', ');
  const [draft, setDraft] = useState(joined);
  useEffect(() => {
    // Adopt a change from outside, but not the echo of what is being typed.
    setDraft((current) => (splitPhrases(current).join(', ') === joined ? current : joined));
  }, [joined]);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="fsms-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="fsms-input nodrag nokey"
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(splitPhrases(event.target.value));
        }}
      />
      <p id={hintId} className="fsms-hint">
        Separate phrases with commas.
      </p>
      {error && (
        <p id={errorId} className="fsms-error">
          {error}
        </p>
      )}
    </div>
  );
}
