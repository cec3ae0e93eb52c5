import type { z } from 'zod';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  describeZodIssues,
  type Environment,
  environmentSchema,
  type FieldIssue,
  type FlowDiagnostic,
  FlowSmsError,
  parseOrThrow,
  type Senders,
  type SmsTemplate,
  sendersSchema,
  smsTemplateSchema,
  TEMPLATE_TITLE_MAX,
  type UpstreamVariable,
  type VariableCatalog,
} from '../../core';
import { checkCatalog, editorSettingsSchema, templateStorageSchema } from './store-options';
import { sameData, shareRecord } from './structural-share';
import {
  checkTemplate,
  copyTitle,
  type NewTemplate,
  newTemplateId,
  reservedTemplateIds,
  type TemplateResult,
} from './template-rules';

export interface EditorSettings {
  environment: Environment;
  /** Which variables each of the host's node types outputs. */
  catalog: VariableCatalog;
  /** Preview values by variable path (or by input name for an unmapped input). */
  sampleValues: Record<string, string>;
  /** Senders for inline messages, which have no template to carry them. */
  defaultSenders: Partial<Senders>;
  /** The host's node type where flows begin (core's default: `start`). */
  startNodeType?: string | undefined;
}

export type TemplateLibraryStatus = 'loading' | 'ready' | 'error';

/** Per-node results of core's flow analysis, keyed by node id (absent: nothing to report). */
export interface AnalysisResults {
  diagnostics: Record<string, FlowDiagnostic[]>;
  /**
   * Full variable lists, only for the nodes someone is looking at (see `watchUpstream`): a list per
   * node for every node of a large flow would cost time quadratic in its size on every keystroke.
   */
  upstream: Record<string, UpstreamVariable[]>;
  /** For every Send SMS node, the catalog sample of each variable its message reads that is set upstream. */
  samples: Record<string, Record<string, string>>;
  /** Set when the flow or catalog could not be analysed at all (e.g. a catalog entry threw). */
  analysisError: string | undefined;
}

export interface EditorState extends AnalysisResults {
  templates: SmsTemplate[];
  templatesById: Record<string, SmsTemplate>;
  templateStatus: TemplateLibraryStatus;
  /** The last load or save failure, written for the builder; cleared by the next success. */
  storageError: string | undefined;
  settings: EditorSettings;
  /**
   * The template ids the canvas's Send SMS nodes name, kept current by `FlowAnalysisSync`. A new
   * template never gets one of them, so nodes whose template was deleted keep showing the problem
   * until the builder picks a template for them, instead of silently sending a newcomer's text.
   */
  referencedTemplateIds: ReadonlySet<string>;
  /** Ids of the templates deleted in this session, which a new template never gets either. */
  deletedTemplateIds: ReadonlySet<string>;

  createTemplate(draft: NewTemplate): TemplateResult;
  updateTemplate(id: string, draft: NewTemplate): TemplateResult;
  duplicateTemplate(id: string): TemplateResult;
  deleteTemplate(id: string): TemplateResult;
  /** Swaps the whole library (e.g. for the templates of a flow file being opened); all or nothing. */
  replaceTemplates(templates: readonly unknown[]): { ok: true } | { ok: false; errors: FieldIssue[] };
  /**
   * Keeps the library in step with what others save to the same storage (another canvas on the page,
   * another tab), when the storage adapter can tell (`subscribe`); call the returned function to stop.
   * The plugin's Provider follows storage while it is mounted.
   */
  followStorage(): () => void;
  setDefaultSenders(senders: Partial<Senders>): void;
  setEnvironment(environment: Environment): void;
  setCatalog(catalog: VariableCatalog): void;
  setSampleValue(key: string, value: string): void;
  /** Nodes whose full upstream list is kept current, with how many components asked for each. */
  watched: Record<string, number>;
  /** Asks for `upstream[nodeId]` to be kept current; call the returned function when done. */
  watchUpstream(nodeId: string): () => void;
  /** Called by the analysis sync only; entries equal to the previous ones keep their identity. */
  setAnalysis(analysis: AnalysisResults): void;
  /** Called by the analysis sync only; a set with the same ids changes nothing (no re-render). */
  setReferencedTemplateIds(ids: ReadonlySet<string>): void;
}

export type EditorStore = StoreApi<EditorState>;

const editorStoreOptionsSchema = editorSettingsSchema.extend({ templateStorage: templateStorageSchema });
export type EditorStoreOptions = z.input<typeof editorStoreOptionsSchema>;

const fail = (field: string, message: string): TemplateResult => ({
  ok: false,
  errors: [{ field, message }],
});

function indexById(templates: readonly SmsTemplate[]): Record<string, SmsTemplate> {
  return Object.fromEntries(templates.map((t) => [t.id, t]));
}

/**
 * Splits what storage returned into the templates the builder can use and the entries it cannot
 * read (invalid, or repeating an earlier id). The unreadable ones are kept as they were: they are
 * written back with every save, so nobody loses data they never saw (see `persist`).
 */
function acceptLoaded(raw: readonly unknown[]): {
  templates: SmsTemplate[];
  unreadable: unknown[];
  problem?: string;
} {
  const templates: SmsTemplate[] = [];
  const unreadable: unknown[] = [];
  const positions: string[] = [];
  for (const [i, item] of raw.entries()) {
    const parsed = smsTemplateSchema.safeParse(item);
    if (parsed.success && !templates.some((t) => t.id === parsed.data.id)) templates.push(parsed.data);
    else {
      unreadable.push(item);
      positions.push(String(i + 1));
    }
  }
  if (unreadable.length === 0) return { templates, unreadable };
  return {
    templates,
    unreadable,
    problem: `${unreadable.length} stored template(s) could not be read (${positions.length === 1 ? 'entry' : 'entries'} ${positions.join(', ')}): they are invalid or repeat an id. They are kept in storage unchanged; fix or remove them there to use them.`,
  };
}

const isPromiseLike = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One store per canvas: the template library, the plugin settings, and the per-node results of
 * flow analysis (written by `FlowAnalysisSync`). Created outside React so the host can read it.
 */
export function createEditorStore(options: EditorStoreOptions): EditorStore {
  const checked = parseOrThrow(editorStoreOptionsSchema, options, 'editor store options');
  checkCatalog(checked.catalog);
  const storage = checked.templateStorage;
  let saving: Promise<void> = Promise.resolve();
  // Set when the host replaces the library before storage answered: the late answer is stale.
  let replacedWhileLoading = false;
  // Stored entries the store could not read, and the warning about them: kept for as long as they
  // are in storage, because every save writes them back (a successful save must not hide them).
  let unreadable: unknown[] = [];
  let unreadableProblem: string | undefined;
  // Counts the library's own changes: a re-read of storage that one of them overtook is stale.
  let changes = 0;

  const store = createStore<EditorState>()((set, get) => {
    /** Saves in order, so a slow save can never overwrite a newer one. */
    const persist = (templates: SmsTemplate[]) => {
      // The unreadable entries go last, unchanged: the builder never saw them, so no change of theirs
      // may delete them. Loading again skips them again, after the readable templates.
      const entries = unreadable.length > 0 ? [...templates, ...unreadable] : templates;
      saving = saving
        .then(() => storage.save(entries))
        .then(
          () => {
            if (get().storageError !== unreadableProblem) set({ storageError: unreadableProblem });
          },
          (error: unknown) => set({ storageError: `Could not save templates: ${errorText(error)}` }),
        );
    };
    const commit = (templates: SmsTemplate[]) => {
      changes++;
      set({ templates, templatesById: indexById(templates) });
      persist(templates);
    };
    // Until the library has loaded, a save would overwrite templates the builder cannot see.
    const whenReady = (): TemplateResult | undefined => {
      const status = get().templateStatus;
      if (status === 'loading') return fail('', 'Templates are still loading; try again in a moment');
      if (status === 'error')
        return fail('', 'Templates could not be loaded, so changes cannot be saved; reload to retry');
      return undefined;
    };

    return {
      templates: [],
      templatesById: {},
      templateStatus: 'loading',
      storageError: undefined,
      referencedTemplateIds: new Set(),
      deletedTemplateIds: new Set(),
      settings: {
        environment: checked.environment,
        catalog: checked.catalog,
        sampleValues: checked.sampleValues,
        defaultSenders: checked.defaultSenders,
        startNodeType: checked.startNodeType,
      },
      diagnostics: {},
      upstream: {},
      samples: {},
      analysisError: undefined,
      watched: {},

      createTemplate(draft) {
        const notReady = whenReady();
        if (notReady) return notReady;
        const { templates, referencedTemplateIds, deletedTemplateIds } = get();
        // A derived id skips the ids nodes still name. An explicit id is the host's own choice (to
        // restore a template the nodes miss, say), so like before it only has to be new to the library.
        const id =
          draft?.id ??
          newTemplateId(
            String(draft?.title ?? ''),
            templates,
            reservedTemplateIds(referencedTemplateIds, deletedTemplateIds),
          );
        if (templates.some((t) => t.id === id)) return fail('id', `is already used by template "${id}"`);
        const result = checkTemplate({ ...draft, id }, templates);
        if (result.ok) commit([...templates, result.template]);
        return result;
      },
      updateTemplate(id, draft) {
        const notReady = whenReady();
        if (notReady) return notReady;
        const { templates } = get();
        const index = templates.findIndex((t) => t.id === id);
        if (index < 0) return fail('id', `no template has id "${id}"`);
        const result = checkTemplate({ ...draft, id }, templates, id);
        if (result.ok) commit(templates.with(index, result.template));
        return result;
      },
      duplicateTemplate(id) {
        const notReady = whenReady();
        if (notReady) return notReady;
        const original = get().templatesById[id];
        if (!original) return fail('id', `no template has id "${id}"`);
        const { id: _ignored, ...rest } = original;
        return get().createTemplate({
          ...rest,
          title: copyTitle(original.title, get().templates, TEMPLATE_TITLE_MAX),
        });
      },
      deleteTemplate(id) {
        const notReady = whenReady();
        if (notReady) return notReady;
        const { templates } = get();
        const original = templates.find((t) => t.id === id);
        if (!original) return fail('id', `no template has id "${id}"`);
        // Remembered even once no node names it: a node brought back (by the host's undo, say)
        // must not come back linked to another template.
        set({ deletedTemplateIds: new Set(get().deletedTemplateIds).add(id) });
        commit(templates.filter((t) => t.id !== id));
        return { ok: true, template: original };
      },
      replaceTemplates(raw) {
        if (!Array.isArray(raw))
          return { ok: false, errors: [{ field: '', message: 'templates must be a list' }] };
        const errors: FieldIssue[] = [];
        const seen = new Set<string>();
        const templates: SmsTemplate[] = [];
        raw.forEach((item, i) => {
          const parsed = smsTemplateSchema.safeParse(item);
          if (!parsed.success) {
            for (const issue of describeZodIssues(parsed.error)) {
              errors.push({ field: issue.field ? `${i}.${issue.field}` : String(i), message: issue.message });
            }
          } else if (seen.has(parsed.data.id)) {
            errors.push({
              field: `${i}.id`,
              message: `repeats the id "${parsed.data.id}" of an earlier template`,
            });
          } else {
            seen.add(parsed.data.id);
            templates.push(parsed.data);
          }
        });
        if (errors.length > 0) return { ok: false, errors };
        if (get().templateStatus === 'loading') replacedWhileLoading = true;
        // The host swaps the templates the builder sees; stored entries nobody could read stay (and
        // are still reported) until a person fixes or removes them.
        set({ templateStatus: 'ready', storageError: unreadableProblem });
        commit(templates);
        return { ok: true };
      },
      followStorage() {
        const stop = storage.subscribe?.(reload);
        if (typeof stop !== 'function') return () => {};
        // Catches up with what was saved while nobody listened (a canvas unmounted and mounted again).
        reload();
        let stopped = false;
        return () => {
          if (stopped) return;
          stopped = true;
          stop();
        };
      },
      setDefaultSenders(senders) {
        const defaultSenders = parseOrThrow(sendersSchema.partial(), senders, 'default senders');
        set((s) => ({ settings: { ...s.settings, defaultSenders } }));
      },
      setEnvironment(environment) {
        const checked = parseOrThrow(environmentSchema, environment, 'environment');
        set((s) => ({ settings: { ...s.settings, environment: checked } }));
      },
      setCatalog(catalog) {
        checkCatalog(catalog);
        set((s) => ({ settings: { ...s.settings, catalog } }));
      },
      setSampleValue(key, value) {
        if (typeof key !== 'string' || typeof value !== 'string') {
          throw new FlowSmsError(
            'invalid_input',
            'A sample value needs a variable name and a text value',
            'sampleValues',
          );
        }
        set((s) => ({
          settings: { ...s.settings, sampleValues: { ...s.settings.sampleValues, [key]: value } },
        }));
      },
      watchUpstream(nodeId) {
        if (typeof nodeId !== 'string')
          throw new FlowSmsError('invalid_input', 'nodeId must be a string', 'nodeId');
        const change = (by: number) =>
          set((s) => {
            const count = (Object.hasOwn(s.watched, nodeId) ? (s.watched[nodeId] as number) : 0) + by;
            const { [nodeId]: _previous, ...rest } = s.watched;
            return { watched: count > 0 ? { ...rest, [nodeId]: count } : rest };
          });
        change(1);
        let done = false;
        return () => {
          if (done) return;
          done = true;
          change(-1);
        };
      },
      setAnalysis(analysis) {
        const { diagnostics, upstream, samples, analysisError } = get();
        const next = {
          diagnostics: shareRecord(diagnostics, analysis.diagnostics),
          upstream: shareRecord(upstream, analysis.upstream),
          samples: shareRecord(samples, analysis.samples),
          analysisError: analysis.analysisError,
        };
        if (
          next.diagnostics !== diagnostics ||
          next.upstream !== upstream ||
          next.samples !== samples ||
          next.analysisError !== analysisError
        ) {
          set(next);
        }
      },
      setReferencedTemplateIds(ids) {
        const current = get().referencedTemplateIds;
        if (ids.size === current.size && [...ids].every((id) => current.has(id))) return;
        set({ referencedTemplateIds: ids });
      },
    };
  });

  const applyLoad = (raw: unknown) => {
    // Anything but a list (a whole server answer, say) is a failed load, not an empty library: the
    // first save would otherwise replace everything storage holds with the builder's one template.
    if (!Array.isArray(raw)) {
      const got = raw === null || raw === undefined ? String(raw) : `a value of type ${typeof raw}`;
      failLoad(`templateStorage.load() must resolve to an array of templates, but it gave ${got}`);
      return;
    }
    const loaded = acceptLoaded(raw);
    unreadable = loaded.unreadable;
    unreadableProblem = loaded.problem;
    // A re-read that finds what the library already holds changes nothing (no re-render).
    const same = sameData(store.getState().templates, loaded.templates);
    store.setState({
      ...(same ? {} : { templates: loaded.templates, templatesById: indexById(loaded.templates) }),
      templateStatus: 'ready',
      storageError: loaded.problem,
    });
  };
  const applyFailure = (error: unknown) => {
    // Inline messages keep working; template changes are refused so nothing unseen is overwritten.
    store.setState({
      templateStatus: 'error',
      storageError: `Could not load templates: ${errorText(error)}`,
    });
  };
  const finishLoad = (raw: unknown) => {
    if (!replacedWhileLoading) applyLoad(raw);
  };
  const failLoad = (error: unknown) => {
    if (!replacedWhileLoading) applyFailure(error);
  };
  /** Reads storage again after someone else saved, once the library's own saves are done. */
  function reload() {
    // The first load is still out, and will read what was just saved.
    if (store.getState().templateStatus === 'loading') return;
    const asked = changes;
    saving = saving.then(async () => {
      let raw: unknown;
      try {
        raw = await storage.load();
      } catch (error) {
        if (asked === changes) applyFailure(error);
        return;
      }
      // A change made since is saved next, over what was read: showing the read would hide it.
      if (asked === changes) applyLoad(raw);
    });
  }

  try {
    const loaded = storage.load();
    if (isPromiseLike(loaded)) loaded.then(finishLoad, failLoad);
    else finishLoad(loaded);
  } catch (error) {
    failLoad(error);
  }
  return store;
}

export type { FieldIssue, NewTemplate, TemplateResult };
