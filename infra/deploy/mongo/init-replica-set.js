/* global rs, print */
// Initiates the `pcn` replica set once; transactions (and so the outbox) need a replica set.
// Run with: mongosh --host mongo-1 /init/init-replica-set.js
try {
  rs.status();
  print('replica set already initiated');
} catch {
  rs.initiate({
    _id: 'pcn',
    members: [
      { _id: 0, host: 'mongo-1:27017', priority: 2 },
      { _id: 1, host: 'mongo-2:27017' },
      { _id: 2, host: 'mongo-3:27017' },
    ],
  });
  print('replica set initiated');
}
