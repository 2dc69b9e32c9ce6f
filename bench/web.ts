// npm run bench:web — server-side render time of the two heaviest pages through the real HTTP
// server: a 1,000-message thread and a 30-patch x 5-version series (the series page includes
// the v4 -> v5 range-diff with interdiffs). The mail is generated here (deterministic), ingested
// into a fresh store, served in-process; each page is fetched 20 times after one warm-up and
// p50/max are printed, with the CSS+JS bytes a page loads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReadable, openWritable } from '../src/store/db.js';
import { ingest } from '../src/ingest/pipeline.js';
import { buildApp } from '../src/server/app.js';
import { staticAssets } from '../src/server/routes/static.js';

const ROUNDS = 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lkb-bench-web-'));
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const day0 = Date.UTC(2024, 0, 1);
const date = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
const people = Array.from({ length: 40 }, (_, i) => `Dev ${i} <dev${i}@example.org>`);

function mail(h: { from: string; subject: string; date: number; msgid: string; refs?: string[]; body: string }): string {
  const refs = h.refs?.length ? `In-Reply-To: <${h.refs[h.refs.length - 1]}>\nReferences: ${h.refs.map((r) => `<${r}>`).join(' ')}\n` : '';
  const body = h.body.replace(/^From /gm, '>From ');
  return `From bench@example.org Thu Jan  1 00:00:00 2024\nFrom: ${h.from}\nTo: list@example.org\nSubject: ${h.subject}\nDate: ${date(h.date)}\nMessage-ID: <${h.msgid}>\n${refs}List-Id: <bench.example.org>\nContent-Type: text/plain; charset=utf-8\n\n${body}\n\n`;
}

function threadMbox(n: number): string {
  const out: string[] = [];
  const chains: string[][] = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? -1 : Math.floor(rand() * i);
    const refs = parent < 0 ? [] : [...chains[parent], `t${parent}@bench`].slice(-20);
    chains.push(refs);
    const quote = i === 0 ? '' : `On some day, ${people[parent % 40].split(' <')[0]} wrote:\n${Array.from({ length: 6 }, (_, k) => `> quoted line ${k} of message ${parent} about mmap_lock and page tables`).join('\n')}\n\n`;
    const text = Array.from({ length: 8 }, (_, k) => `Reply ${i} line ${k}: the folio refcount must be held across the fault path; see https://lore.kernel.org/r/t${i}.`).join('\n');
    out.push(mail({ from: people[i % 40], subject: i === 0 ? 'mm: a very long discussion' : 'Re: mm: a very long discussion', date: day0 + i * 60_000, msgid: `t${i}@bench`, refs, body: `${quote}${text}\n\nReviewed-by: ${people[(i + 1) % 40]}` }));
  }
  return out.join('');
}

function patch(file: number, version: number, changed: boolean): string {
  const lines = Array.from({ length: 12 }, (_, k) => ` \tcontext line ${k} in function_${file}();`);
  const add = `+\treturn helper_${file}(${changed ? version : 1});`;
  return `---\n drivers/bench/file${file}.c | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/drivers/bench/file${file}.c b/drivers/bench/file${file}.c\nindex 1111111..2222222 100644\n--- a/drivers/bench/file${file}.c\n+++ b/drivers/bench/file${file}.c\n@@ -10,12 +10,13 @@ int function_${file}(void)\n${lines.slice(0, 6).join('\n')}\n${add}\n${lines.slice(6).join('\n')}\n-- \n2.40.0`;
}

function seriesMbox(patches: number, versions: number): string {
  const out: string[] = [];
  for (let v = 1; v <= versions; v++) {
    const t = day0 + v * 7 * 86_400_000;
    const cover = `s-v${v}-0@bench`;
    const log = Array.from({ length: v - 1 }, (_, k) => `v${k + 2}:\n - changed patch ${k + 3}`).join('\n');
    out.push(mail({ from: people[0], subject: `[PATCH v${v} 0/${patches}] bench: rework the helpers`, date: t, msgid: cover, body: `This series reworks the helpers.\n\nChanges since v${v - 1}:\n${log}\n\nDev 0 (${patches}):` }));
    for (let i = 1; i <= patches; i++) {
      const changed = i % 3 === 0;
      out.push(
        mail({
          from: people[0],
          subject: `[PATCH v${v} ${i}/${patches}] bench: rework helper ${i}`,
          date: t + i * 1000,
          msgid: `s-v${v}-${i}@bench`,
          refs: [cover],
          body: `Rework helper ${i} so callers do not need the lock.\n\nSigned-off-by: ${people[0]}\n${patch(i, v, changed)}`,
        }),
      );
      if (i % 4 === 0)
        out.push(mail({ from: people[i % 40], subject: `Re: [PATCH v${v} ${i}/${patches}] bench: rework helper ${i}`, date: t + 3600_000 + i, msgid: `r-v${v}-${i}@bench`, refs: [cover, `s-v${v}-${i}@bench`], body: `> Rework helper ${i}\n\nLooks good.\n\nReviewed-by: ${people[i % 40]}` }));
    }
  }
  return out.join('');
}

const mbox = path.join(dir, 'web-bench.mbox');
fs.writeFileSync(mbox, threadMbox(1000) + seriesMbox(30, 5));
const dbFile = path.join(dir, 'kb.sqlite');
const w = openWritable(dbFile);
const report = await ingest(w, [mbox]);
w.close();
console.log(`ingested ${report.seen} messages into ${dbFile}`);

const app = await buildApp({ db: openReadable(dbFile) });
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const threadId = ((await (await fetch(`${base}/api/messages/t0%40bench`)).json()) as { threadId: number }).threadId;
const seriesId = ((await (await fetch(`${base}/api/messages/s-v5-0%40bench`)).json()) as { series: { id: number } }).series.id;

async function time(label: string, p: string): Promise<void> {
  const r0 = await fetch(base + p);
  const size = (await r0.text()).length;
  if (r0.status !== 200) throw new Error(`${p}: ${r0.status}`);
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const r = await fetch(base + p);
    await r.arrayBuffer();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(6);
  console.log(`${label.padEnd(34)} ${p.padEnd(22)} p50 ${f(ms[Math.floor(ROUNDS / 2)])} ms  max ${f(ms[ms.length - 1])} ms  min ${f(ms[0])} ms  (${(size / 1024).toFixed(0)} KB HTML)`);
}

console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores (a busy machine inflates p50/max; min is the uncontended estimate)`);
await time('thread, 1,000 messages', `/thread/${threadId}`);
await time('thread, 1,000 messages, flat', `/thread/${threadId}?view=flat`);
await time('series, 30 patches x 5 versions', `/series/${seriesId}`);
await time('series, v1 -> v5 interdiff', `/series/${seriesId}?from=1&to=5`);
await time('message', `/m/s-v5-3%40bench`);
await time('search', `/search?q=helper`);
let cssJs = 0;
for (const [name, a] of staticAssets()) if (/\.(css|js)$/.test(name)) cssJs += a.body.length;
console.log(`CSS+JS a page loads at most: ${cssJs} bytes (${(cssJs / 1024).toFixed(1)} KB; limit 100 KB)`);
await app.close();
if (!process.env.LKB_BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
