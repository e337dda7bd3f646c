/** Reads a V8 CPU profile (node --cpu-prof) into the functions and the packages that took the most time themselves. */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }

export interface SelfTime { name: string; ms: number; share: number }

export function selfTimes(file: string): { functions: SelfTime[]; places: SelfTime[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / Math.max(1, profile.samples.length);
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerSample;
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url, functionName);
    add(functions, `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`, ms);
    add(places, where, ms);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms);
  return { functions: sorted(functions), places: sorted(places), totalMs };
}

function add(m: Map<string, number>, key: string, ms: number): void {
  m.set(key, (m.get(key) ?? 0) + ms);
}

/** A package name, a file of Loket's own, a node: module, or V8's own entries ((garbage collector), (idle), ...). */
function place(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return own[1];
  return url.replace(/^file:\/\//, '');
}
