import { useEffect, useState } from 'react';
import { TextField } from './TextField';

export interface PhrasesFieldProps {
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
export function PhrasesField({ label, phrases, onChange, error }: PhrasesFieldProps) {
  const joined = phrases.join(', ');
  const [draft, setDraft] = useState(joined);
  useEffect(() => {
    // Adopt a change from outside, but not the echo of what is being typed.
    setDraft((current) => (splitPhrases(current).join(', ') === joined ? current : joined));
  }, [joined]);
  return (
    <TextField
      label={label}
      value={draft}
      hint="Separate phrases with commas."
      {...(error ? { error } : {})}
      onChange={(text) => {
        setDraft(text);
        onChange(splitPhrases(text));
      }}
    />
  );
}
