// Counts the node-postgres statements of a service, for bench/statements-per-journey.mts (through
// BENCH_SERVICE_NODE_OPTIONS="--require <this file>"), keyed by the prepared statement's name (its text when it has
// none) and, for oidc-provider's models and replay records, the model kind. Each time STATEMENT_COUNT_DIR/command
// changes, the counts so far are written to STATEMENT_COUNT_DIR/<pid>-<command>.json and counting starts again, so the
// script can count exactly the journeys between two commands.
const fs = require('node:fs');
const path = require('node:path');

const directory = process.env.STATEMENT_COUNT_DIR;
let Client;
try {
  // The service's own node-postgres, found from its main script (a checkout built elsewhere has its own).
  Client = require(require.resolve('pg/lib/client.js', { paths: [path.dirname(process.argv[1] || '.')] }));
} catch {
  Client = undefined;
}

if (directory && Client) {
  const counts = new Map();
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, values, callback) {
    const named = typeof config === 'string' ? config : (config && (config.name || config.text)) || '?';
    let key = String(named).replace(/\s+/g, ' ').slice(0, 90);
    if (key.startsWith('oidc-model') || key.startsWith('replay')) key += ` ${JSON.stringify(((config && config.values) || values || [])[0])}`;
    counts.set(key, (counts.get(key) || 0) + 1);
    return query.call(this, config, values, callback);
  };
  const commandFile = path.join(directory, 'command');
  const command = () => {
    try {
      return fs.readFileSync(commandFile, 'utf8').trim();
    } catch {
      return '';
    }
  };
  let last = command();
  setInterval(() => {
    const now = command();
    if (now === last) return;
    last = now;
    const service = path.basename(path.dirname(path.dirname(process.argv[1] || '')));
    fs.writeFileSync(path.join(directory, `${process.pid}-${now}.json`), JSON.stringify({ service, counts: Object.fromEntries(counts) }));
    counts.clear();
  }, 200).unref();
}
