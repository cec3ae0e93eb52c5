import { SEND_SMS_NODE_TYPE } from '../../core';
import { SendSmsNode } from './SendSmsNode';

/**
 * Defined once at module level: React Flow re-creates every node when it gets a new `nodeTypes`
 * object, so hosts should spread this one into theirs outside of render.
 */
export const sendSmsNodeTypes = Object.freeze({ [SEND_SMS_NODE_TYPE]: SendSmsNode }) as {
  readonly sendSms: typeof SendSmsNode;
};
