import { FlowSmsError, type SmsTemplate } from '../../core';

/**
 * Where the template library lives between sessions. The host may keep templates on its own
 * server; what `load` returns is validated by the store, so an adapter may hand back raw JSON.
 */
export interface TemplateStorage {
  load(): readonly unknown[] | Promise<readonly unknown[]>;
  /**
   * Receives the library's templates, then every stored entry `load` gave that the store could not
   * read, unchanged (so saving never deletes data nobody has seen); store what it receives as is.
   */
  save(templates: readonly unknown[]): void | Promise<void>;
}

export const DEFAULT_TEMPLATE_STORAGE_KEY = 'flow-sms:templates';

/** Keeps templates in memory only: for tests, stories, and hosts that persist elsewhere. */
export function memoryTemplateStorage(initial: readonly SmsTemplate[] = []): TemplateStorage {
  let saved: readonly unknown[] = [...initial];
  return {
    load: () => saved,
    save: (templates) => {
      saved = [...templates];
    },
  };
}

/** The default adapter: one JSON array under one `localStorage` key. */
export function localStorageTemplateStorage(
  key: string = DEFAULT_TEMPLATE_STORAGE_KEY,
  storage: Storage | undefined = globalThis.localStorage,
): TemplateStorage {
  if (typeof key !== 'string' || key.length === 0) {
    throw new FlowSmsError('invalid_input', 'templateStorage key must be a non-empty string', 'key');
  }
  return {
    load() {
      const raw = requireStorage(storage).getItem(key);
      if (raw === null) return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new FlowSmsError(
          'storage_corrupt',
          `The templates saved under "${key}" are not valid JSON`,
          key,
        );
      }
      if (!Array.isArray(parsed)) {
        throw new FlowSmsError('storage_corrupt', `The templates saved under "${key}" are not a list`, key);
      }
      return parsed;
    },
    save(templates) {
      requireStorage(storage).setItem(key, JSON.stringify(templates));
    },
  };
}

function requireStorage(storage: Storage | undefined): Storage {
  if (!storage) {
    throw new FlowSmsError(
      'storage_unavailable',
      'localStorage is not available here; pass templateStorage to keep templates elsewhere',
      'templateStorage',
    );
  }
  return storage;
}
