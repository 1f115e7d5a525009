// `npm start`: the embedded deployment on one machine. Seeds an empty embedded database once
// (which also applies the migrations before the two processes race to), then runs the api and
// the warmer side by side until either stops or the launcher is told to.
import { spawn, spawnSync } from 'node:child_process';

const databaseUrl = process.env.DATABASE_URL ?? 'sqlite:./data/strata.sqlite';

if (databaseUrl.startsWith('sqlite:')) {
  const seed = spawnSync(process.execPath, ['dist/tools/seed/main.js', '--if-empty'], {
    stdio: 'inherit',
  });
  if (seed.status !== 0) {
    process.exit(seed.status ?? 1);
  }
}

const children = ['api', 'warmer'].map((app) =>
  spawn(process.execPath, ['--enable-source-maps', `dist/apps/${app}/main.js`], {
    stdio: 'inherit',
  }),
);

let stopping = false;
function stopAll(signal) {
  if (!stopping) {
    stopping = true;
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill(signal);
      }
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => stopAll(signal));
}

let exitCode = 0;
let running = children.length;
for (const child of children) {
  child.on('exit', (code, signal) => {
    if (!stopping && (code !== 0 || signal)) {
      exitCode = code ?? 1;
    }
    stopAll('SIGTERM');
    running -= 1;
    if (running === 0) {
      process.exit(exitCode);
    }
  });
}
