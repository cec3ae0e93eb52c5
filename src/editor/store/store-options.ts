import { z } from 'zod';
import {
  analyzeFlow,
  environmentSchema,
  FlowSmsError,
  sendersSchema,
  type VariableCatalog,
} from '../../core';
import type { TemplateStorage } from './template-storage';

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const templateStorageSchema = z.custom<TemplateStorage>(
  (value) =>
    isPlainObject(value) &&
    typeof (value as TemplateStorage).load === 'function' &&
    typeof (value as TemplateStorage).save === 'function' &&
    ['undefined', 'function'].includes(typeof (value as TemplateStorage).subscribe),
  'must be an object with load() and save() functions (and, optionally, a subscribe() function)',
);

/** The settings a host gives the editor; the plugin and the store both read them through this. */
export const editorSettingsSchema = z.object({
  /** Which variables each of the host's node types outputs (a list, or a function of the node). */
  catalog: z.custom<VariableCatalog>(
    isPlainObject,
    'must be an object mapping node types to the variables they set',
  ),
  /** The environment the flow runs in: decides which sender each node uses. */
  environment: environmentSchema,
  /** Senders for inline messages (a template brings its own). */
  defaultSenders: sendersSchema.partial().default({}),
  /** Preview values by variable path, used until the designer types others. */
  sampleValues: z.record(z.string(), z.string()).default({}),
  /**
   * The host's node type where flows begin. Without one, flows begin at each node nothing leads
   * into, and at the first node of a loop nothing else leads into (core's findStarts).
   */
  startNodeType: z.string().min(1, 'must name a node type').optional(),
});

/**
 * Reads every list in the catalog now (core checks functions per node when it calls them), so a
 * typo in the host's catalog shows up when the editor starts, not when a builder opens a node.
 */
export function checkCatalog(catalog: VariableCatalog): void {
  try {
    analyzeFlow({ nodes: [], edges: [] }, catalog);
  } catch (error) {
    if (error instanceof FlowSmsError) throw error;
    throw new FlowSmsError('invalid_catalog', `Invalid variable catalog: ${String(error)}`, 'catalog');
  }
}
