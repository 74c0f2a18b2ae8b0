// A CPU profile of a process that has no SIGTERM handler of its own (the bare oidc-provider), for BENCH_BARE_NODE_OPTIONS:
//   BENCH_BARE_NODE_OPTIONS="--require $PWD/bench/harness/profile-until-stopped.cjs" PROFILE_DIR=/tmp/prof-bare npm run bench -- --only token-grants
// Profiles from start until SIGTERM/SIGINT, writes PROFILE_DIR/<pid>.cpuprofile (open it in Chrome DevTools), then exits.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const directory = process.env.PROFILE_DIR || process.cwd();
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));

function writeProfileAndExit() {
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(path.join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    process.exit(0);
  });
}
process.once('SIGTERM', writeProfileAndExit);
process.once('SIGINT', writeProfileAndExit);
