import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type Environment, SENDER_LABEL_BY_ENVIRONMENT } from '../../core/environments';
import type { FieldIssue } from '../../core/errors';
import type { SmsTemplate } from '../../core/schemas/template';
import { senderForEnvironment } from '../../core/senders';
import type { TemplateLibraryStatus } from '../store/editor-store';
import { DeleteConfirmation } from './DeleteConfirmation';
import { TemplateForm } from './TemplateForm';
import { bodyStart, searchTemplates } from './template-search';
import { unseenTemplateText } from './template-status';

export interface TemplatePickerProps {
  templates: SmsTemplate[];
  /** `null` when the node uses an inline message. */
  selectedTemplateId: string | null;
  environment: Environment;
  /** Whether `templates` is the whole library yet; until it is, a template not in it is not missing. */
  templateStatus?: TemplateLibraryStatus | undefined;
  onSelectTemplate: (id: string) => void;
  onUseInline: () => void;
  // biome-ignore lint/suspicious/noConfusingVoidType: a host's callback may return nothing when it saved
  onCreateTemplate: (template: SmsTemplate) => FieldIssue[] | void;
  // biome-ignore lint/suspicious/noConfusingVoidType: as above
  onUpdateTemplate: (id: string, template: SmsTemplate) => FieldIssue[] | void;
  onDuplicateTemplate: (id: string) => void;
  onDeleteTemplate: (id: string) => void;
  /**
   * The node's inline message, when it has one. A template created from the picker replaces it on
   * the node, so the new template starts from this text rather than losing it.
   */
  inlineBody?: string | undefined;
}

/** More options than this are not rendered; the builder narrows the list by typing instead. */
const MAX_RENDERED = 100;
const INLINE_LABEL = 'Inline message';

type Option = { kind: 'inline' } | { kind: 'template'; template: SmsTemplate };
type Editing = { mode: 'create' } | { mode: 'edit'; template: SmsTemplate } | null;

function OptionContent({ template, environment }: { template: SmsTemplate; environment: Environment }) {
  const sender = senderForEnvironment(template.senders, environment);
  return (
    <>
      <span className="fsms-option-title">{template.title}</span>
      <span className="fsms-option-body">{bodyStart(template.body)}</span>
      <span className="fsms-option-sender">{sender ? `From ${sender}` : `No ${environment} sender`}</span>
    </>
  );
}

/**
 * Chooses the node's template (or an inline message) with a searchable combobox, and creates,
 * edits, duplicates and deletes templates in place.
 */
export function TemplatePicker({
  templates,
  selectedTemplateId,
  environment,
  templateStatus = 'ready',
  onSelectTemplate,
  onUseInline,
  onCreateTemplate,
  onUpdateTemplate,
  onDuplicateTemplate,
  onDeleteTemplate,
  inlineBody,
}: TemplatePickerProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const selected = templates.find((template) => template.id === selectedTemplateId);
  const unseen =
    selected || selectedTemplateId === null
      ? undefined
      : unseenTemplateText(templateStatus, selectedTemplateId);
  // Inline starts from the template's text; while that text is unknown it would start empty and
  // drop the link, so it is offered only once the library can tell.
  const offerInline = !unseen || templateStatus === 'ready';
  const selectedLabel = selected?.title ?? unseen?.label ?? INLINE_LABEL;
  const [text, setText] = useState(selectedLabel);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<SmsTemplate | null>(null);
  const [status, setStatus] = useState('');

  // Show the new choice when the selection changes from outside (or after choosing).
  useEffect(() => {
    if (!open) setText(selectedLabel);
  }, [selectedLabel, open]);

  const query = text === selectedLabel ? '' : text;
  const options = useMemo<Option[]>(() => {
    const matches: Option[] = searchTemplates(templates, query).map((template) => ({
      kind: 'template',
      template,
    }));
    const showInline =
      offerInline && (query.trim() === '' || INLINE_LABEL.toLowerCase().includes(query.trim().toLowerCase()));
    return showInline ? [{ kind: 'inline' }, ...matches] : matches;
  }, [templates, query, offerInline]);
  const rendered = options.slice(0, MAX_RENDERED);
  const optionId = (index: number) => `${id}-option-${index}`;
  const activeIndex = Math.min(active, rendered.length - 1);

  useEffect(() => {
    if (open && activeIndex >= 0)
      document.getElementById(optionId(activeIndex))?.scrollIntoView?.({ block: 'nearest' });
  });

  const openList = () => {
    if (open) return;
    const current = rendered.findIndex((option) =>
      option.kind === 'inline' ? selectedTemplateId === null : option.template.id === selectedTemplateId,
    );
    setActive(Math.max(0, current));
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setText(selectedLabel);
  };
  const choose = (option: Option) => {
    if (option.kind === 'inline') onUseInline();
    else onSelectTemplate(option.template.id);
    setOpen(false);
    setText(option.kind === 'inline' ? INLINE_LABEL : option.template.title);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openList();
        else setActive(Math.min(activeIndex + 1, rendered.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openList();
        else setActive(Math.max(activeIndex - 1, 0));
        break;
      case 'PageDown':
      case 'PageUp':
        if (!open) return;
        event.preventDefault();
        setActive(
          Math.max(0, Math.min(activeIndex + (event.key === 'PageDown' ? 10 : -10), rendered.length - 1)),
        );
        break;
      case 'Enter': {
        const option = rendered[activeIndex];
        if (!open || !option) return;
        event.preventDefault();
        choose(option);
        break;
      }
      case 'Escape':
        if (!open && text === selectedLabel) return;
        event.preventDefault();
        close();
        break;
    }
  };

  const countMessage =
    options.length > MAX_RENDERED
      ? `Showing ${MAX_RENDERED} of ${options.length} choices; type to narrow the list.`
      : options.length === 0
        ? `No template matches “${query}”.`
        : `${options.length} ${options.length === 1 ? 'choice' : 'choices'}.`;

  const finishEditing = (message: string) => {
    setEditing(null);
    setStatus(message);
    inputRef.current?.focus();
  };

  return (
    <section className="fsms-panel fsms-template-picker" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        Template
      </label>
      <div className="fsms-combobox">
        <input
          ref={inputRef}
          id={`${id}-input`}
          className="fsms-input nodrag nokey"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={open && activeIndex >= 0 ? optionId(activeIndex) : undefined}
          aria-describedby={open ? `${id}-count` : undefined}
          autoComplete="off"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={(event) => event.target.select()}
          onClick={openList}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <div
          id={`${id}-listbox`}
          role="listbox"
          aria-label="Templates"
          hidden={!open}
          className="fsms-listbox"
        >
          {open &&
            rendered.map((option, index) => {
              const isCurrent =
                option.kind === 'inline'
                  ? selectedTemplateId === null
                  : option.template.id === selectedTemplateId;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: keys reach options through the combobox input
                // biome-ignore lint/a11y/useFocusableInteractive: options stay unfocusable; aria-activedescendant points at them
                <div
                  key={option.kind === 'inline' ? '' : option.template.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === activeIndex}
                  data-current={isCurrent || undefined}
                  className="fsms-option"
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => choose(option)}
                >
                  {option.kind === 'inline' ? (
                    <>
                      <span className="fsms-option-title">{INLINE_LABEL}</span>
                      <span className="fsms-option-body">Write the text in this node only</span>
                    </>
                  ) : (
                    <OptionContent template={option.template} environment={environment} />
                  )}
                  {isCurrent && <span className="fsms-option-current"> (current)</span>}
                </div>
              );
            })}
        </div>
      </div>
      {/* The live region stays mounted, so screen readers hear the count change as the builder
          types; a region that appears along with its text is often not announced. */}
      <div aria-live="polite" aria-atomic="true">
        {open && (
          <p id={`${id}-count`} className="fsms-hint">
            {countMessage}
          </p>
        )}
      </div>
      {unseen?.hint && !editing && <p className="fsms-hint">{unseen.hint}</p>}
      {selected && !editing && (
        <p className="fsms-hint">
          {senderForEnvironment(selected.senders, environment)
            ? `Sent from ${senderForEnvironment(selected.senders, environment)} in ${environment}.`
            : `Warning: this template has no ${environment} sender, so nothing is sent in ${environment}: edit it and fill in "${SENDER_LABEL_BY_ENVIRONMENT[environment]}".`}
        </p>
      )}
      {!editing && !deleting && (
        <div className="fsms-actions">
          <button type="button" onClick={() => setEditing({ mode: 'create' })}>
            New template
          </button>
          {selected && (
            <>
              <button type="button" onClick={() => setEditing({ mode: 'edit', template: selected })}>
                Edit template
              </button>
              <button
                type="button"
                onClick={() => {
                  onDuplicateTemplate(selected.id);
                  setStatus(`Duplicated “${selected.title}”.`);
                }}
              >
                Duplicate template
              </button>
              <button type="button" onClick={() => setDeleting(selected)}>
                Delete template
              </button>
            </>
          )}
        </div>
      )}
      {deleting && (
        <DeleteConfirmation
          title={deleting.title}
          onConfirm={() => {
            onDeleteTemplate(deleting.id);
            setDeleting(null);
            setStatus(`Deleted “${deleting.title}”.`);
            inputRef.current?.focus();
          }}
          onCancel={() => {
            setDeleting(null);
            inputRef.current?.focus();
          }}
        />
      )}
      {editing && (
        <TemplateForm
          key={editing.mode === 'edit' ? editing.template.id : 'new'}
          template={editing.mode === 'edit' ? editing.template : undefined}
          initialDraft={
            editing.mode === 'create' && selectedTemplateId === null && inlineBody?.trim()
              ? { body: inlineBody }
              : undefined
          }
          templates={templates}
          environment={environment}
          onCancel={() => finishEditing('')}
          onSubmit={(template) => {
            if (editing.mode === 'edit') {
              const issues = onUpdateTemplate(editing.template.id, template);
              if (issues && issues.length > 0) return issues;
              finishEditing(`Saved “${template.title}”.`);
              return;
            }
            const issues = onCreateTemplate(template);
            if (issues && issues.length > 0) return issues;
            // A template made from this picker is meant for this node.
            onSelectTemplate(template.id);
            finishEditing(`Created “${template.title}”.`);
          }}
        />
      )}
      <p role="status" className="fsms-visually-hidden">
        {status}
      </p>
    </section>
  );
}
