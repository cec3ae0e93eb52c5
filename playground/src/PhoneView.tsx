import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { Conversation } from './api';

const BUBBLE_STYLE = { overflowWrap: 'anywhere' } as const;

/** The recipient's phone in the sandbox: every message to and from the number, and a reply box. */
export function PhoneView({
  conversation,
  onReply,
}: {
  conversation: Conversation | null;
  onReply(body: string): Promise<void>;
}) {
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const count = conversation?.messages.length ?? 0;
  // Like a phone, keep the newest message in view when one arrives.
  useEffect(() => {
    const list = listRef.current;
    if (list && count > 0) list.scrollTop = list.scrollHeight;
  }, [count]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !draft.trim()) return;
    // Send reply is disabled while the reply goes out and again once the field is cleared, which
    // would drop keyboard focus; the field, only read-only meanwhile, keeps it for the next reply.
    fieldRef.current?.focus();
    setBusy(true);
    setError(null);
    try {
      await onReply(draft);
      setDraft('');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="phone" aria-label="Recipient phone">
      <header className="phone__header">
        <span>{conversation?.number ?? 'No recipient yet'}</span>
        {conversation?.optedOut ? <span className="badge badge--error">Opted out</span> : null}
      </header>
      <ol ref={listRef} className="phone__messages" aria-label="Conversation" aria-live="polite">
        {(conversation?.messages ?? []).map((message, index) => (
          <li
            // Messages are append-only, so the position is a stable identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
            key={index}
            className={`bubble bubble--${message.direction === 'outbound' ? 'received' : 'sent'}`}
            // A long link or word wraps inside the bubble, as on a phone, instead of running out of
            // the phone's screen where it was cut off.
            style={BUBBLE_STYLE}
          >
            <span className="bubble__text">{message.body}</span>
            {message.status ? <span className="bubble__meta">{message.status}</span> : null}
          </li>
        ))}
      </ol>
      <form className="phone__reply" onSubmit={submit}>
        <label htmlFor="phone-reply">Reply as the recipient</label>
        <input
          ref={fieldRef}
          id="phone-reply"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="STOP, START, HELP, YES…"
          disabled={!conversation}
          readOnly={busy}
        />
        <button type="submit" disabled={!conversation || busy || !draft.trim()}>
          Send reply
        </button>
      </form>
      {error ? (
        <p role="alert" className="phone__error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
