// flow-sms/core: everything the editor and the executor must agree on. Pure TypeScript:
// no React, no DOM, no Node APIs, so it runs in the browser, in Node and in workers alike.
export * from './environments';
export * from './errors';
export * from './flow';
export * from './keywords';
export * from './limits';
export * from './names';
export * from './phone';
export * from './schemas/consent';
export * from './schemas/flow';
export * from './schemas/input-source';
export * from './schemas/manifest';
export * from './schemas/migrate-node-data';
export * from './schemas/options-object';
export * from './schemas/send-sms-node';
export * from './schemas/sender';
export * from './schemas/template';
export * from './segments';
export * from './senders';
export * from './template';
