// flow-sms/executor: runs the Send SMS node in Node (Twilio or the embedded sandbox, SQLite store).
export * from './executor';
export * from './outbox';
export * from './store';
export * from './flow-runner';
export * from './webhooks';
