/* global rs, db, print, sleep, process */
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
