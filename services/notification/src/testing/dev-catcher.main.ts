// `npm start` runs this (through tsx: it is never built into dist) to catch what the local
// network sends by email, SMS and Zalo. Ports: PCN_CATCHER_SMTP_PORT, PCN_CATCHER_HTTP_PORT.
import { startDevCatcher } from './dev-catcher.js';

if (process.env.NODE_ENV === 'production') {
  console.error('the message catcher is for development only; refusing with NODE_ENV=production');
  process.exit(1);
}
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a TCP port number 0-65535`);
    process.exit(1);
  }
  return value;
};
const catcher = await startDevCatcher({
  smtpPort: port('PCN_CATCHER_SMTP_PORT', 2525),
  httpPort: port('PCN_CATCHER_HTTP_PORT', 4025),
});
console.log(
  `catching email at ${catcher.smtpUrl}, SMS and Zalo at ${catcher.providerUrl}; listing at ${catcher.outboxUrl}`,
);
const stop = () => void catcher.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// A launcher killed outright (SIGKILL) cannot stop its children: leave with it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 2000).unref();
