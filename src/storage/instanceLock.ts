import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * SQLite serves one instance. A second `loket serve` on the same file would answer the same conversations with its
 * own in-memory order of turns, so it refuses to start and says what to do instead. The lock is a file beside the
 * database holding the owner's process id; a lock left by a process that died is taken over.
 */
export function holdSingleInstance(databaseFile: string): () => void {
  const lockFile = `${databaseFile}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new Error(`${databaseFile} is in use by another Loket process (pid ${owner}). SQLite serves one instance; to run several, set DATABASE_URL to a PostgreSQL database (docs/deploy.md).`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${databaseFile}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
