import { type FlowFile, flowFileSchema } from 'flow-sms/core';

/**
 * Where this browser keeps the flow on the canvas between page loads. Only the canvas (nodes,
 * edges, environment, senders) is kept here: the templates are the plugin's, kept under its own key.
 */
export const PLAYGROUND_FLOW_STORAGE_KEY = 'flow-sms-playground:flow';

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage blocked by the browser: the playground still works, it just starts from the example.
    return undefined;
  }
};

/** The flow saved by the last page load, or null when there is none or it no longer reads as one. */
export function readSavedFlow(): FlowFile | null {
  try {
    const text = storage()?.getItem(PLAYGROUND_FLOW_STORAGE_KEY);
    if (!text) return null;
    const parsed = flowFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the canvas for the next page load; a full or blocked storage only loses that. */
export function saveFlow(flow: Omit<FlowFile, 'templates'>): void {
  try {
    storage()?.setItem(PLAYGROUND_FLOW_STORAGE_KEY, JSON.stringify(flow));
  } catch {
    // Nothing to do: Save flow still writes the file.
  }
}
