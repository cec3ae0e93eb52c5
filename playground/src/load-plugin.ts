import { pluginManifestSchema, SEND_SMS_NODE_TYPE } from 'flow-sms/core';
import { createSendSmsPlugin } from 'flow-sms/plugin';
import manifestJson from 'flow-sms/plugin-manifest.json';
import { hostCatalog } from './host-nodes';

/**
 * How a host loads the plugin: read the declarative manifest first (what node types it brings,
 * which ports, which credentials), then create the plugin from its registration API.
 */
export function loadSendSmsPlugin() {
  const manifest = pluginManifestSchema.parse(manifestJson);
  const nodeType = manifest.nodeTypes.find((entry) => entry.type === SEND_SMS_NODE_TYPE);
  if (!nodeType) throw new Error(`plugin-manifest.json declares no "${SEND_SMS_NODE_TYPE}" node type`);
  const plugin = createSendSmsPlugin({
    catalog: hostCatalog,
    environment: 'sandbox',
    defaultSenders: { sandbox: '+15005550006', live: '+14155550100' },
  });
  return { manifest, nodeType, plugin };
}
