/** Reads a V8 CPU profile (node --cpu-prof) into the functions and the packages that took the most time themselves. */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface SelfTime { name: string; ms: number; share: number }

/**
 * Self time per function and per package or file, as shares of the busy time (V8's idle time left out), counting
 * only the samples taken `skipMs` or later after the profile started (to leave start-up out).
 */
export function selfTimes(file: string, skipMs = 0): { functions: SelfTime[]; places: SelfTime[]; busyMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (at < skipMs || functionName === '(idle)') return;
    const where = place(url, functionName);
    add(functions, `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`, ms);
    add(places, where, ms);
  });
  const busyMs = [...places.values()].reduce((a, b) => a + b, 0);
  const sorted = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms, share: ms / busyMs })).sort((a, b) => b.ms - a.ms);
  return { functions: sorted(functions), places: sorted(places), busyMs };
}

function add(m: Map<string, number>, key: string, ms: number): void {
  m.set(key, (m.get(key) ?? 0) + ms);
}

/** A package name, a file of Loket's own, a node: module, or V8's own entries ((garbage collector), (program), ...). */
function place(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return own[1];
  return url.replace(/^file:\/\//, '');
}
