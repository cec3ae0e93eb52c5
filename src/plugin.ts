// flow-sms/plugin: everything a host needs to add the Send SMS node to its React Flow canvas.
import { createElement, type ReactNode } from 'react';
import type { z } from 'zod';
import manifestJson from '../plugin-manifest.json' with { type: 'json' };
import {
  describeZodIssues,
  type FlowDiagnostic,
  type FlowGraphInput,
  FlowSmsError,
  formatIssues,
  optionsObject,
  type PluginManifest,
  SEND_SMS_NODE_TYPE,
  type SendSmsNodeData,
  validateFlow,
} from './core';
import {
  BranchHandleSync,
  createEditorStore,
  type EditorStore,
  EditorStoreProvider,
  editorSettingsSchema,
  FlowAnalysisSync,
  localStorageTemplateStorage,
  newNodeData,
  SendSmsInspector,
  type SendSmsInspectorProps,
  sendSmsNodeTypes,
  TemplateStorageSync,
  templateStorageSchema,
  ZoomedOutSync,
} from './editor';
import { diagnosticsForLibrary } from './editor/store/template-readiness';

/**
 * Checked when the plugin is created; the store reads the same settings schema. An option the plugin
 * does not know is refused: a misspelt templateStorage would otherwise keep templates in localStorage.
 */
export const sendSmsPluginOptionsSchema = optionsObject({
  ...editorSettingsSchema.shape,
  /** Where templates are kept; the browser's localStorage when left out. */
  templateStorage: templateStorageSchema.optional(),
});
export type SendSmsPluginOptions = z.input<typeof sendSmsPluginOptionsSchema>;

export interface PaletteItem {
  type: typeof SEND_SMS_NODE_TYPE;
  label: string;
  description: string;
  /** Data for a new node: an empty inline message that asks for consent. */
  createData(): SendSmsNodeData;
}

export interface SendSmsPlugin {
  manifest: PluginManifest;
  /** Module-level and frozen: spread into the host's own (also stable) nodeTypes object. */
  nodeTypes: typeof sendSmsNodeTypes;
  paletteItems: readonly PaletteItem[];
  /**
   * Wraps the canvas, inside ReactFlowProvider: provides the store, keeps flow analysis current,
   * tells React Flow when a node's branch handles change, marks the canvas zoomed out, and follows
   * the template storage (templates another canvas or tab saved show up here).
   */
  Provider: (props: { children?: ReactNode }) => ReactNode;
  /** The settings panel for one Send SMS node; render it inside Provider. */
  Inspector: (props: SendSmsInspectorProps) => ReactNode;
  /** Everything that would stop the flow's Send SMS nodes from working, with the plugin's templates and settings. */
  validate(flow: FlowGraphInput): FlowDiagnostic[];
  store: EditorStore;
}

const manifest = manifestJson as PluginManifest;
const nodeTypeEntry = manifest.nodeTypes.find((entry) => entry.type === SEND_SMS_NODE_TYPE);

/**
 * Creates the plugin for one canvas. Options are checked up front, including every list in the
 * catalog, so a mistake surfaces when the host starts rather than when a builder opens a node.
 */
export function createSendSmsPlugin(options: SendSmsPluginOptions): SendSmsPlugin {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FlowSmsError(
      'invalid_options',
      `Invalid createSendSmsPlugin options: pass an object with at least environment and catalog, such as { environment: 'sandbox', catalog: {} } (got ${options === null ? 'null' : Array.isArray(options) ? 'a list' : typeof options})`,
    );
  }
  const parsed = sendSmsPluginOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error);
    throw new FlowSmsError(
      'invalid_options',
      formatIssues(issues, 'createSendSmsPlugin options'),
      issues[0]?.field,
      issues,
    );
  }
  const { templateStorage, ...settings } = parsed.data;
  const store = createEditorStore({
    ...settings,
    templateStorage: templateStorage ?? localStorageTemplateStorage(),
  });

  // Plain createElement keeps this entry a .ts file, as package.json and the build name it.
  // biome-ignore lint/correctness/noComponentHookFactories: made once per plugin (per canvas), never during render
  function Provider({ children }: { children?: ReactNode }) {
    return createElement(
      EditorStoreProvider,
      { store },
      createElement(FlowAnalysisSync),
      createElement(BranchHandleSync),
      createElement(ZoomedOutSync),
      createElement(TemplateStorageSync),
      children,
    );
  }

  return {
    manifest,
    nodeTypes: sendSmsNodeTypes,
    paletteItems: Object.freeze([
      Object.freeze({
        type: SEND_SMS_NODE_TYPE,
        label: nodeTypeEntry?.label ?? 'Send SMS',
        description: nodeTypeEntry?.description ?? 'Sends a text message, after checking consent.',
        createData: newNodeData,
      }),
    ]),
    Provider,
    Inspector: SendSmsInspector,
    validate(flow) {
      const { templates, templateStatus, settings } = store.getState();
      // The same diagnostics as the node's problem badge: no unknown template before the library loaded.
      const diagnostics = validateFlow(flow, {
        catalog: settings.catalog,
        templates,
        environment: settings.environment,
        senders: settings.defaultSenders,
        ...(settings.startNodeType ? { startNodeType: settings.startNodeType } : {}),
      });
      return diagnosticsForLibrary(diagnostics, templateStatus);
    },
    store,
  };
}
