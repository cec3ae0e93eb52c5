import type { FlowDiagnostic } from '../../core';
import type { TemplateLibraryStatus } from './editor-store';

/**
 * Core's diagnostics as far as the library can back them. Until it has loaded, a template a node
 * names is not known to be missing (storage has not answered, or could not be read), so the
 * unknown-template error is left out: it would send the builder to unlink a template that exists.
 * The inspector says that the templates are loading (or failed to) instead.
 */
export function diagnosticsForLibrary(
  diagnostics: FlowDiagnostic[],
  status: TemplateLibraryStatus,
): FlowDiagnostic[] {
  return status === 'ready' ? diagnostics : diagnostics.filter((d) => d.code !== 'unknown-template');
}
