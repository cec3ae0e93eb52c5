import type { TemplateLibraryStatus } from '../store/editor-store';

/**
 * What to say about a template a node names that the library does not hold. Only a loaded library
 * can tell that it is missing: while storage is answering (or after it failed) the template may well
 * exist, and calling it missing would send the builder to replace it.
 */
export function unseenTemplateText(
  status: TemplateLibraryStatus,
  templateId: string,
): {
  /** Shown in the picker in place of the template's title. */
  label: string;
  /** Said under the picker. */
  hint: string | undefined;
  /** Said among the node's problems, which cannot all be checked without the template. */
  check: string | undefined;
} {
  switch (status) {
    case 'loading':
      return {
        label: `Templates are loading… (${templateId})`,
        hint: 'Templates are still loading. Its text shows once templates have loaded.',
        check: 'Templates are still loading; this node’s message is checked once they have loaded.',
      };
    case 'error':
      return {
        label: `Templates could not be loaded (${templateId})`,
        hint: 'Templates could not be loaded, so this template’s text is unknown; the node keeps it. Reload to try again.',
        check: 'Templates could not be loaded, so this node’s message cannot be checked until they are.',
      };
    case 'ready':
      return { label: `Missing template (${templateId})`, hint: undefined, check: undefined };
  }
}
