import { z } from 'zod';
import { environmentSchema } from '../environments';
import { senderSchema, sendersSchema } from './sender';
import { smsTemplateSchema } from './template';

/** A React Flow node as `toObject()` saves it; only what flow-sms reads is checked. */
export const flowNodeSchema = z.looseObject({
  id: z.string().min(1, 'is required'),
  /** React Flow leaves `type` out for its built-in default node. */
  type: z.string().min(1, 'must not be empty').default('default'),
  data: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
});
export const flowEdgeSchema = z.looseObject({
  id: z.string().min(1, 'is required'),
  source: z.string().min(1, 'is required'),
  target: z.string().min(1, 'is required'),
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowGraphSchema = z.object({
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema).default([]),
});
export type FlowGraph = z.infer<typeof flowGraphSchema>;

/**
 * A flow file: the React Flow graph plus the templates it uses and the default sender per
 * environment for inline messages. The playground saves it; `flow-sms run` runs it.
 */
export const flowFileSchema = flowGraphSchema.extend({
  templates: z.array(smsTemplateSchema).default([]),
  senders: sendersSchema.partial().extend({ live: senderSchema.optional() }).default({}),
  environment: environmentSchema.optional(),
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
});
export type FlowFile = z.infer<typeof flowFileSchema>;
export type FlowFileInput = z.input<typeof flowFileSchema>;
