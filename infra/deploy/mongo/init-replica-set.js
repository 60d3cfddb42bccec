/* global rs, db, print, sleep */
// Initiates the replica set once; transactions (and so the outbox) need a replica set. Running it
// again changes nothing, so the compose service and the Kubernetes Job may run it on every deploy.
//   compose:    mongosh --host mongo-1 /init/init-replica-set.js
//   Kubernetes: the pcn-mongo-init Job sets MONGO_REPLICA_SET and MONGO_MEMBERS (host:port,...).
const name = process.env.MONGO_REPLICA_SET || 'pcn';
const hosts = (process.env.MONGO_MEMBERS || 'mongo-1:27017,mongo-2:27017,mongo-3:27017')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);

let initiated = true;
try {
  rs.status();
} catch (e) {
  // Any other failure (auth, network) must fail the run, not re-initiate a working set.
  if (e.codeName !== 'NotYetInitialized') throw e;
  initiated = false;
}
if (initiated) {
  print(`replica set ${name} already initiated`);
} else {
  rs.initiate({
    _id: name,
    // The first member is preferred as primary, so elections after a restart settle on it.
    members: hosts.map((host, i) => ({ _id: i, host, ...(i === 0 ? { priority: 2 } : {}) })),
  });
  print(`replica set ${name} initiated with ${hosts.join(', ')}`);
}
// Done only once a primary is elected: the services' first transaction needs one.
for (let i = 0; i < 120 && !db.hello().isWritablePrimary; i++) sleep(1000);
if (!db.hello().isWritablePrimary) throw new Error(`no primary for ${name} after 120 s`);
print(`replica set ${name} has a primary`);

// The PCN processes' own user, with readWrite on their databases only (not root), when the Job
// passes one; created once, its password updated when the Secret changes.
const appUser = process.env.MONGO_APP_USERNAME;
if (appUser) {
  const roles = (process.env.MONGO_APP_DATABASES || '')
    .split(',')
    .filter(Boolean)
    .map((database) => ({ role: 'readWrite', db: database }));
  const admin = db.getSiblingDB('admin');
  const pwd = process.env.MONGO_APP_PASSWORD;
  if (!pwd) throw new Error('MONGO_APP_PASSWORD is required with MONGO_APP_USERNAME');
  if (admin.getUser(appUser)) admin.updateUser(appUser, { pwd, roles });
  else admin.createUser({ user: appUser, pwd, roles });
  print(`user ${appUser} has readWrite on ${roles.map((r) => r.db).join(', ')}`);
}
