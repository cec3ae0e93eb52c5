import { z } from 'zod';

const portSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  /** When the port exists only for some configurations, e.g. `declined` only when consent is asked. */
  when: z.string().optional(),
});

/** `plugin-manifest.json`: how a host discovers the plugin without running its code. */
export const pluginManifestSchema = z.object({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a lowercase id such as flow-sms'),
  name: z.string().min(1),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.3'),
  description: z.string().optional(),
  entries: z.object({
    core: z.string().min(1),
    editor: z.string().min(1),
    executor: z.string().min(1),
    plugin: z.string().min(1),
  }),
  nodeTypes: z
    .array(
      z.object({
        type: z.string().min(1),
        label: z.string().min(1),
        category: z.string().optional(),
        description: z.string().optional(),
        inputs: z.array(portSchema),
        outputs: z.array(portSchema).min(1),
        /** JSON Schema of the node's data, generated from `sendSmsNodeDataSchema`. */
        configSchema: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1),
  credentials: z.array(
    z.object({
      name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
      description: z.string(),
      required: z.boolean(),
      secret: z.boolean(),
    }),
  ),
});
export type PluginManifest = z.infer<typeof pluginManifestSchema>;
