import { memo, useId, useMemo, useRef } from 'react';
import {
  countSegments,
  exceedsTwilioBodyLimit,
  type InputSource,
  replaceWithGsmLookalikes,
  TWILIO_BODY_MAX,
  twilioBodyLength,
} from '../../core';
import { useFocusAfterRemoval } from '../focus/use-focus-after-removal';
import { describeChar, formatCount, plural } from './describe-char';
import { previewStyles as css } from './preview-styles';
import { renderPreviewText, resolveSampleInputs, type SampleInput } from './sample-values';
import { extensionCharacters, segmentPieces } from './segment-pieces';

export interface MessagePreviewProps {
  /** The template or inline body, tokens and all. */
  body: string;
  /** The node's input mapping (fixed values and variables). */
  mapping?: Readonly<Record<string, InputSource>>;
  /** Variables known upstream; their `sample` fills inputs the designer left blank. */
  variables?: readonly { path: string; sample?: string | undefined }[];
  /** Samples typed by the designer, keyed by variable path. */
  sampleValues?: Readonly<Record<string, string>>;
  /** Enables the sample inputs. */
  onSampleValueChange?: (key: string, value: string) => void;
  optOutFooter?: boolean;
  /** Enables the "Use GSM look-alike" fix, which rewrites the body. */
  onBodyChange?: (body: string) => void;
}

/**
 * From this many segments the preview warns about the cost: 307 GSM-7 characters, or 135 in UCS-2,
 * already take 3 (each part of a long message carries 153 or 67, not 160 or 70).
 */
const LONG_MESSAGE_SEGMENTS = 3;

const NO_MAPPING: Readonly<Record<string, InputSource>> = {};
const NO_SAMPLES: Readonly<Record<string, string>> = {};
const NO_VARIABLES: readonly { path: string }[] = [];

const fixButtons = (region: HTMLElement | null) => [
  ...(region?.querySelectorAll<HTMLElement>('.fsms-preview-nongsm button') ?? []),
];

/** Where a character that is not in the message body comes from: the input value that holds it. */
function valueOrigin(char: string, inputs: readonly SampleInput[]): string {
  const from = inputs.find((input) => input.value?.includes(char));
  switch (from?.origin) {
    case 'fixed':
      return `comes from the fixed value of ${from.name}`;
    case 'fallback':
      return `comes from the fallback of ${from.name}`;
    case 'typed':
    case 'catalog':
      return `comes from the sample for ${from.name}`;
    default:
      return 'comes from a value filled in';
  }
}

/**
 * Which inputs the preview fills with a sample or with their fallback rather than a real value, as a
 * sentence; undefined when every value shown is the one that will be sent.
 */
function describeStandIns(inputs: readonly SampleInput[]): string | undefined {
  const sampled = inputs.filter((input) => input.origin === 'typed' || input.origin === 'catalog');
  const fellBack = inputs.filter((input) => input.origin === 'fallback');
  const parts: string[] = [];
  if (sampled.length > 0) {
    const names = sampled.map((input) => input.name).join(', ');
    parts.push(`${names} ${sampled.length === 1 ? 'is a sample value' : 'are sample values'}`);
  }
  if (fellBack.length > 0) {
    const names = fellBack.map((input) => input.name).join(', ');
    parts.push(
      `${names} ${fellBack.length === 1 ? 'shows its fallback' : 'show their fallbacks'}, sent only when the variable is empty`,
    );
  }
  return parts.length === 0 ? undefined : `Shown with stand-ins, not real values: ${parts.join('; ')}.`;
}

/**
 * A phone-style preview of the message as sent: samples filled in, segment boundaries marked,
 * and the characters that force UCS-2 pointed out with a fix. Every value is rendered as React
 * text, so markup in a sample or template shows as typed and is never interpreted.
 */
export const MessagePreview = memo(function MessagePreview({
  body,
  mapping = NO_MAPPING,
  variables = NO_VARIABLES,
  sampleValues = NO_SAMPLES,
  onSampleValueChange,
  optOutFooter = false,
  onBodyChange,
}: MessagePreviewProps) {
  const id = useId();
  const regionRef = useRef<HTMLElement>(null);
  // Fixing a character removes its button: the next fix (or the previous) takes focus, and once
  // none are left the preview itself does.
  const rememberFix = useFocusAfterRemoval(
    () => fixButtons(regionRef.current),
    () => regionRef.current,
  );
  const inputs = useMemo(
    () => resolveSampleInputs(body, mapping, sampleValues, variables),
    [body, mapping, sampleValues, variables],
  );
  const { text, missing } = useMemo(
    () => renderPreviewText(body, inputs, optOutFooter),
    [body, inputs, optOutFooter],
  );
  const count = useMemo(() => countSegments(text), [text]);
  const segments = useMemo(() => segmentPieces(text, count), [text, count]);
  const bodyCount = useMemo(() => countSegments(body), [body]);

  // In UCS-2 every character of the GSM-7 extension table costs one unit like any other.
  const extension = useMemo(
    () => (count.encoding === 'GSM-7' ? extensionCharacters(text) : { distinct: [], total: 0 }),
    [text, count.encoding],
  );
  const length = twilioBodyLength(text);
  const tooLong = exceedsTwilioBodyLimit(text);
  const distinctNonGsm = [...new Map(count.nonGsm.map((mark) => [mark.char, mark])).values()];
  const editable = inputs.filter((input): input is SampleInput & { key: string } => input.key !== undefined);
  // A fixed input is missing only when left blank, and has no sample to type: it gets its own note.
  const fixed = new Set(inputs.filter((input) => input.origin === 'fixed').map((input) => input.name));
  const missingFixed = missing.filter((name) => fixed.has(name));
  const missingSamples = missing.filter((name) => !fixed.has(name));
  const standIns = describeStandIns(inputs);

  return (
    <section
      ref={regionRef}
      tabIndex={-1}
      aria-label="Message preview"
      className="fsms-preview"
      style={css.region}
    >
      <div className="fsms-phone" style={css.phone}>
        {text === '' ? (
          <p className="fsms-preview-empty" style={css.empty}>
            Nothing to preview yet: write a message or pick a template.
          </p>
        ) : (
          <p className="fsms-bubble" style={css.bubble} data-testid="message-preview-text">
            {segments.map((segment) => (
              <span key={segment.number} className="fsms-segment" data-segment={segment.number}>
                {segment.number > 1 ? (
                  <span
                    className="fsms-segment-boundary"
                    style={css.boundary}
                    title={`Segment ${segment.number} starts here`}
                    aria-hidden="true"
                  >
                    {segment.number}
                  </span>
                ) : null}
                {segment.pieces.map((piece, i) =>
                  piece.nonGsm ? (
                    <mark
                      // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional slices of one text
                      key={i}
                      className="fsms-non-gsm"
                      style={css.nonGsm}
                      title="Not in the GSM-7 alphabet: the message is sent as UCS-2"
                    >
                      {piece.text}
                    </mark>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional slices of one text
                    <span key={i}>{piece.text}</span>
                  ),
                )}
              </span>
            ))}
          </p>
        )}
      </div>

      {standIns ? (
        <p className="fsms-preview-sample-note" style={css.note}>
          {standIns} When the flow runs, the recipient gets the values the variables hold then, so the text,
          length and encoding can differ.
        </p>
      ) : null}

      <p className="fsms-preview-stats" style={css.stats} aria-live="polite">
        <span>{count.encoding}</span> · <span>{plural(count.segments, 'segment')}</span> ·{' '}
        <span>{plural(count.characters, 'character')}</span>
        {count.segments > 0 ? <span> · {plural(count.unitsLeft, 'unit')} left in this segment</span> : null}
      </p>

      {tooLong ? (
        <p role="alert" className="fsms-preview-error" style={css.error}>
          Too long: {formatCount(length)} characters
          {length === count.characters
            ? ''
            : ` as Twilio counts them (${formatCount(count.characters)} as they appear${
                /[\ud800-\udbff]/.test(text) ? ': an emoji counts as 2 or more' : ''
              })`}
          . Twilio refuses messages over {TWILIO_BODY_MAX.toLocaleString('en-US')} characters (error 21617);
          shorten the message.
        </p>
      ) : count.segments >= LONG_MESSAGE_SEGMENTS ? (
        <p role="status" className="fsms-preview-warning" style={css.warning}>
          Long message: {formatCount(count.characters)} characters, billed as{' '}
          {plural(count.segments, 'segment')}. Consider shortening it to {LONG_MESSAGE_SEGMENTS - 1} segments:
          at most {(LONG_MESSAGE_SEGMENTS - 1) * count.unitsPerSegment} characters in {count.encoding}
          {count.encoding === 'UCS-2' ? ', an emoji counting as 2' : ''}.
        </p>
      ) : null}

      {extension.total > 0 ? (
        <p className="fsms-preview-extension" style={css.note}>
          {extension.distinct.map(describeChar).join(' ')}{' '}
          {extension.distinct.length === 1 ? 'costs' : 'cost'} extra: GSM-7 sends each after an escape code,
          so each counts as 2 characters toward the segment ({extension.total} in this message, counted as{' '}
          {extension.total * 2}).
        </p>
      ) : null}

      {distinctNonGsm.length > 0 ? (
        <div className="fsms-preview-nongsm">
          <p id={`${id}-nongsm`} style={css.note}>
            These characters are not in the GSM-7 alphabet, so the message goes out as UCS-2 (70 characters
            per segment instead of 160):
          </p>
          <ul aria-labelledby={`${id}-nongsm`} style={css.list}>
            {distinctNonGsm.map((mark) => {
              const name = describeChar(mark.char);
              const inBody = bodyCount.nonGsm.some((m) => m.char === mark.char);
              const fix =
                mark.suggestion === undefined
                  ? undefined
                  : mark.suggestion === ''
                    ? 'remove it'
                    : `use “${mark.suggestion}”`;
              return (
                <li key={mark.char}>
                  <mark style={css.nonGsm}>{name}</mark>{' '}
                  {!inBody ? (
                    <span>
                      {valueOrigin(mark.char, inputs)}
                      {fix === undefined ? ', which has no GSM-7 look-alike' : ` (${fix} there)`}
                    </span>
                  ) : fix === undefined ? (
                    <span>has no GSM-7 look-alike</span>
                  ) : onBodyChange ? (
                    <button
                      type="button"
                      className="fsms-button"
                      aria-label={`Use GSM look-alike for ${name} (${fix})`}
                      onClick={(event) => {
                        rememberFix(event.currentTarget);
                        onBodyChange(replaceWithGsmLookalikes(body, mark.char));
                      }}
                    >
                      Use GSM look-alike
                    </button>
                  ) : (
                    <span>has a GSM-7 look-alike: {fix}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      {editable.length > 0 ? (
        <fieldset className="fsms-preview-samples" style={css.samples}>
          <legend>Sample values</legend>
          {editable.map((input) => (
            <div key={input.name} style={css.sampleRow}>
              <label htmlFor={`${id}-sample-${input.name}`}>
                Sample for {input.name}
                {input.key !== input.name ? ` (${input.key})` : ''}
              </label>
              <input
                id={`${id}-sample-${input.name}`}
                className="nodrag nokey"
                value={Object.hasOwn(sampleValues, input.key) ? sampleValues[input.key] : ''}
                placeholder={input.origin === 'typed' ? undefined : (input.value ?? 'no sample yet')}
                readOnly={!onSampleValueChange}
                onChange={(event) => onSampleValueChange?.(input.key, event.target.value)}
              />
            </div>
          ))}
          {missingSamples.length > 0 ? (
            <p style={css.note}>
              No sample for {missingSamples.join(', ')}: shown as written. Type a sample to see the final
              text.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {missingFixed.length > 0 ? (
        <p style={css.note}>
          Empty fixed value for {missingFixed.join(', ')}: shown as written, and the message cannot be sent
          like this. Type the value under Inputs.
        </p>
      ) : null}
    </section>
  );
});
