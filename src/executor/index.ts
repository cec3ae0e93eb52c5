// flow-sms/executor: runs the Send SMS node in Node (Twilio or the embedded sandbox, SQLite store).
export * from './executor';
export * from './flow-runner';
export * from './outbox';
export * from './rate-limiter';
export * from './sandbox';
export * from './store';
export * from './twilio';
export * from './webhooks';
