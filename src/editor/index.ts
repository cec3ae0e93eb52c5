// flow-sms/editor: the Send SMS node for @xyflow/react 12, its inspector and preview. Runs in the
// browser; React and React Flow come from the host (peer dependencies) and zustand 5 is a dependency:
// none of them is bundled.
export * from './inspector';
export { BranchHandleSync } from './node/BranchHandleSync';
export { sendSmsNodeTypes } from './node/node-types';
export { type NodeDraft, newNodeData, readNodeData } from './node/read-node-data';
export { type SendSmsFlowNode, SendSmsNode } from './node/SendSmsNode';
export { ZoomedOutSync } from './node/ZoomedOutSync';
export { MessagePreview, type MessagePreviewProps } from './preview/MessagePreview';
export { SendSmsInspector, type SendSmsInspectorProps } from './SendSmsInspector';
export * from './store';
