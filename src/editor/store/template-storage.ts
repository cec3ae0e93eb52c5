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
  /**
   * Optional: calls `onChange` when what is stored was changed by someone else (another canvas on
   * the page, another browser tab), so the library shows it and the next save keeps it. Returns
   * the function that stops the calls. The plugin's Provider listens while it is mounted.
   */
  subscribe?(onChange: () => void): () => void;
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

type Listener = () => void;
/** Every adapter's listeners, by storage area and key, so a save tells the others on the page. */
const listenersByArea = new WeakMap<Storage, Map<string, Set<Listener>>>();

function listenersOf(storage: Storage, key: string): Set<Listener> {
  let byKey = listenersByArea.get(storage);
  if (!byKey) {
    byKey = new Map();
    listenersByArea.set(storage, byKey);
  }
  let listeners = byKey.get(key);
  if (!listeners) {
    listeners = new Set();
    byKey.set(key, listeners);
  }
  return listeners;
}

/**
 * The default adapter: one JSON array under one `localStorage` key. Adapters of the same key tell
 * each other when they save, and hear the browser's `storage` event for saves in other tabs, so two
 * canvases never overwrite each other's templates with a library they loaded before.
 */
export function localStorageTemplateStorage(
  key: string = DEFAULT_TEMPLATE_STORAGE_KEY,
  storage: Storage | undefined = globalThis.localStorage,
): TemplateStorage {
  if (typeof key !== 'string' || key.length === 0) {
    throw new FlowSmsError('invalid_input', 'templateStorage key must be a non-empty string', 'key');
  }
  // This adapter's own listeners: its own save is no news to the library it belongs to.
  const own = new Set<Listener>();
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
      const area = requireStorage(storage);
      area.setItem(key, JSON.stringify(templates));
      for (const listener of [...listenersOf(area, key)]) if (!own.has(listener)) listener();
    },
    subscribe(onChange) {
      if (!storage) return () => {};
      const listener = () => onChange();
      const listeners = listenersOf(storage, key);
      listeners.add(listener);
      own.add(listener);
      // Another tab's save (a null key: that tab cleared the whole storage).
      const onStorageEvent = (event: StorageEvent) => {
        if (event.storageArea === storage && (event.key === key || event.key === null)) onChange();
      };
      globalThis.addEventListener?.('storage', onStorageEvent);
      return () => {
        listeners.delete(listener);
        own.delete(listener);
        globalThis.removeEventListener?.('storage', onStorageEvent);
      };
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
