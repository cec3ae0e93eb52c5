import { useEffect, useId, useRef } from 'react';

export interface DeleteConfirmationProps {
  title: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before a template is deleted. Focus starts on Cancel, the safe choice, and Escape cancels.
 * An inline alert dialog rather than a modal: the inspector stays readable around it.
 */
export function DeleteConfirmation({ title, onConfirm, onCancel }: DeleteConfirmationProps) {
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="fsms-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <p id={`${id}-title`}>
        <strong>Delete “{title}”?</strong>
      </p>
      <p id={`${id}-text`}>
        Nodes that use it will show a problem until they pick another template. This cannot be undone.
      </p>
      <button type="button" onClick={onConfirm}>
        Delete
      </button>
      <button type="button" ref={cancelRef} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
