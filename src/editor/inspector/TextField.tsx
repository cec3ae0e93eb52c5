import { type ReactNode, useId } from 'react';

export interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field and tied to it with aria-describedby; marks the field invalid. */
  error?: string;
  hint?: ReactNode;
  multiline?: boolean;
  type?: 'text' | 'number' | 'tel';
  min?: number;
  max?: number;
  maxLength?: number;
  placeholder?: string;
  required?: boolean;
  autoFocus?: boolean;
}

/** A labelled text box with its hint and its error message wired for assistive technology. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  multiline = false,
  type = 'text',
  min,
  max,
  maxLength,
  placeholder,
  required,
  autoFocus,
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    className: 'fsms-input nodrag nokey',
    value,
    placeholder,
    required,
    maxLength,
    autoFocus,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="fsms-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...shared} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...shared}
          type={type}
          min={min}
          max={max}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint && (
        <p id={hintId} className="fsms-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="fsms-error">
          {error}
        </p>
      )}
    </div>
  );
}
