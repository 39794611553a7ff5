#!/usr/bin/env node
// Summarises a Chromium CPU profile (.cpuprofile, from the CDP Profiler): self time per function, largest
// first, as ms and % of the sampled time. Usage: node scripts/profile-summary.mjs FILE [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const f = n.callFrame;
  const url = f.url ? f.url.replace(/^.*\//, '') : '';
  const key = `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
const busy = total - (self.get('(idle) ') ?? 0);
console.log(`${file}: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) {
  console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`);
}
