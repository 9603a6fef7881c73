// Kills a process group (Elasticsearch, the dispatcher of `npm start`) when the process that
// started it dies without stopping it. Plain JavaScript so it starts fast and needs no transpiler.
const [ownerPid, esPid] = process.argv.slice(2).map(Number);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

process.on('SIGTERM', () => process.exit(0));

const timer = setInterval(() => {
  if (!alive(esPid)) process.exit(0);
  if (alive(ownerPid)) return;
  clearInterval(timer);
  try {
    process.kill(-esPid, 'SIGTERM');
  } catch {
    process.exit(0);
  }
  // Leave as soon as the group is gone; SIGKILL it if it takes longer than 30 s.
  const deadline = Date.now() + 30000;
  setInterval(() => {
    if (!alive(esPid)) process.exit(0);
    if (Date.now() < deadline) return;
    try {
      process.kill(-esPid, 'SIGKILL');
    } finally {
      process.exit(0);
    }
  }, 200);
}, 1000);
