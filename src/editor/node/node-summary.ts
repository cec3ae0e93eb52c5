import {
  countSegments,
  type Environment,
  type SegmentCount,
  type Senders,
  type SendSmsNodeData,
  type SmsTemplate,
  senderForEnvironment,
  withOptOutFooter,
} from '../../core';
import { plural } from '../preview/describe-char';
import { renderPreviewText, resolveSampleInputs } from '../preview/sample-values';
import type { TemplateLibraryStatus } from '../store/editor-store';

export interface NodeSummary {
  title: string;
  firstLine: string;
  count: SegmentCount;
  /** "GSM-7 · 1 segment"; "No message yet" for an empty message. */
  badge: string;
  sender: string;
}

interface SummaryContext {
  template: SmsTemplate | undefined;
  /** Until the library has loaded, a template not found yet is not known to be missing. */
  templateStatus: TemplateLibraryStatus;
  environment: Environment;
  defaultSenders: Partial<Senders>;
  sampleValues: Readonly<Record<string, string>>;
  variables: readonly { path: string; sample?: string | undefined }[];
}

/** What the canvas node shows, computed from the node's data and the editor settings. */
export function summarizeNode(data: SendSmsNodeData, context: SummaryContext): NodeSummary {
  const { template, environment } = context;
  const templateId = 'templateId' in data.message ? data.message.templateId : undefined;
  const body = template?.body ?? ('body' in data.message ? data.message.body : '');
  const inputs = resolveSampleInputs(body, data.inputs, context.sampleValues, context.variables);
  // Rendered once: the footer, when on, only goes after the text.
  const plain = renderPreviewText(body, inputs, false).text;
  const count = countSegments(withOptOutFooter(plain, data.optOutFooter));
  const senders = templateId === undefined ? context.defaultSenders : template?.senders;
  const sender = senderForEnvironment(senders, environment);
  const unfound =
    context.templateStatus === 'loading'
      ? `Template “${templateId}” (loading…)`
      : context.templateStatus === 'error'
        ? `Template “${templateId}” (templates could not be loaded)`
        : `Unknown template “${templateId}”`;
  return {
    title: templateId === undefined ? 'Inline message' : (template?.title ?? unfound),
    firstLine: plain.split(/\r?\n/, 1)[0] ?? '',
    count,
    badge: body === '' ? 'No message yet' : `${count.encoding} · ${plural(count.segments, 'segment')}`,
    sender: sender
      ? `From ${sender}`
      : templateId !== undefined && !template && context.templateStatus !== 'ready'
        ? // The template, and so its sender, is not known yet: "No sender" would send the builder to fix it.
          context.templateStatus === 'loading'
          ? 'Sender shown once templates load'
          : 'Sender unknown'
        : `No ${environment} sender`,
  };
}
