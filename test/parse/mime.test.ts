import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ParsedMessage, RawMessage } from '../../src/domain/message.js';
import { parseMessage, type ParseStats } from '../../src/parse/mime.js';
import { openSources } from '../../src/sources/index.js';
import { corpusPath, needsCorpus, repoPath } from '../helpers/corpus.js';
import { filesUnder, raw, splitMbox, splitMboxrd } from './mail-samples.js';

const NOT_A_MESSAGE = /not a message: no recognizable header field/;

test('patchwork fuzz: 19 broken messages, no crash; only a header-less one is refused', needsCorpus, async () => {
  const files = filesUnder(corpusPath('patchwork/fuzz'), (n) => n.endsWith('.mbox'));
  let count = 0;
  const refused: string[] = [];
  for (const file of files) {
    for (const [i, msg] of splitMbox(file).entries()) {
      count++;
      try {
        const p = await parseMessage(raw(msg, `${path.basename(file)}#${i}`));
        assert.ok(p.msgid.length > 0 && p.msgid.length <= 244);
        assert.ok(!p.subject.includes('\0') && !p.body.includes('\0'));
      } catch (e) {
        assert.match((e as Error).message, NOT_A_MESSAGE);
        refused.push(`${path.basename(file)}#${i}`);
      }
    }
  }
  assert.equal(count, 19);
  // its "header" is the tail of a broken From line and body text: no field at all
  assert.deepEqual(refused, ['name-len.mbox#1']);
});

test('public-inbox mail: every .eml and .patch parses; a bare diff is not a message', needsCorpus, async () => {
  const files = filesUnder(corpusPath('public-inbox/mail'));
  const parsed = new Map<string, ParsedMessage>();
  for (const f of files) {
    const name = path.relative(corpusPath('public-inbox/mail'), f);
    if (name === 'solve/bare.patch') {
      await assert.rejects(parseMessage(raw(fs.readFileSync(f), name)), NOT_A_MESSAGE);
      continue;
    }
    parsed.set(name, await parseMessage(raw(fs.readFileSync(f), name)));
  }
  assert.equal(parsed.size, files.length - 1);
  const get = (n: string): ParsedMessage => parsed.get(n) ?? assert.fail(n);
  // inline text/plain with a .patch filename: the patch is found in the body text
  assert.deepEqual(get('plack-attached-patch.eml').patch?.files.map((f) => f.path), ['file']);
  assert.equal(get('utf8.eml').from?.name, 'Eléanor');
  assert.equal(get('utf8.eml').date.flag, 'absurd'); // 1970-01-01
  assert.equal(get('filter_base-xhtml.eml').body.trim(), 'hi = "bye"'); // the text part, not the xhtml one
  assert.ok(!get('filter_base-xhtml.eml').flags.includes('html-only'));
  assert.ok(get('iso-2202-jp.eml').body.length > 0);
  assert.equal(get('psgi_v2-old.eml').msgid, get('psgi_v2-new.eml').msgid); // same id, different content
  assert.equal(get('plack-2-txt-bodies.eml').inReplyTo, 'irp@example.com');
  assert.deepEqual(get('solve/0002-rename-with-modifications.patch').patch?.files.map((f) => [f.status, f.oldPath, f.path]), [['renamed', 'HACKING', 'CONTRIBUTING.md']]);
  assert.equal(get('data/binary.patch').patch?.files[0].binary, true);
  // most of these fixtures carry no Message-ID or Date: ids are synthesized, dates never invented
  const noId = [...parsed.values()].filter((p) => p.msgidSynthetic);
  assert.ok(noId.length >= 4);
  for (const p of noId) assert.match(p.msgid, /^[0-9a-f]{24}@synthetic\.lkml-kb\.invalid$/);
  for (const p of parsed.values()) if (p.date.flag === 'missing') assert.equal(p.date.utc, null);
});

test('notmuch corpora: HTML-only mail becomes text, attribute values stay out', needsCorpus, async () => {
  const attr = await parseMessage(raw(fs.readFileSync(corpusPath('notmuch/corpora/html/attribute-text'))));
  assert.ok(attr.flags.includes('html-only'));
  assert.match(attr.body, /hunter2/);
  assert.doesNotMatch(attr.body, /swordfish|<input|<html/);
  const img = await parseMessage(raw(fs.readFileSync(corpusPath('notmuch/corpora/html/embedded-image'))));
  assert.doesNotMatch(img.body, /<table|<img|data:image/);
  for (const f of filesUnder(corpusPath('notmuch/corpora'), (n) => n !== 'README')) {
    const p = await parseMessage(raw(fs.readFileSync(f), f));
    assert.doesNotMatch(p.body, /<(?:html|body|div|table)\b/i, f);
  }
});

test('notmuch parent-priority: a clean In-Reply-To beats References in the wrong order', needsCorpus, async () => {
  const dir = corpusPath('notmuch/corpora/threading/parent-priority/cur');
  const byId = new Map<string, ParsedMessage>();
  for (const f of filesUnder(dir)) {
    const p = await parseMessage(raw(fs.readFileSync(f), f));
    byId.set(p.msgid, p);
  }
  const grandChild = byId.get('B01-grand-child@example.org')!;
  assert.equal(grandChild.parentHint, 'B01-child@example.org');
  assert.equal(grandChild.inReplyTo, 'B01-child@example.org');
  assert.deepEqual(grandChild.references, ['B01-child@example.org', 'B00-root@example.org']);
  const child = byId.get('B01-child@example.org')!;
  assert.equal(child.parentHint, 'B00-root@example.org');
  assert.deepEqual(child.references, ['B00--root@example.org', 'B00-root@example.org']);
});

test('headers: several Message-IDs, X-Alt-Message-ID, List-Id, groups, flags passed through', async () => {
  const msg = [
    'From: "Doe, Jane" <jane@example.com>',
    'To: Team: a@example.com, b@example.com;, c@example.com',
    'Cc: <u@example.com>',
    'Subject: =?UTF-8?Q?Re:_[PATCH]_caf=C3=A9?=',
    'Message-ID: <one@example.com>, <two@example.com>',
    'X-Alt-Message-ID: <alt@example.com>',
    'In-Reply-To: <parent@example.com>',
    'References: <root@example.com> <n> <u@example.com> <parent@example.com>',
    'List-Id: Linux PM list <linux-pm.vger.kernel.org>',
    'Date: Thu, 01 Aug 2019 00:30:11 +0200',
    '',
    'Body.',
    '',
  ].join('\r\n');
  const p = await parseMessage({ ...raw(msg), flags: ['addresses-obfuscated'] });
  assert.equal(p.msgid, 'one@example.com');
  assert.equal(p.msgidSynthetic, false);
  assert.deepEqual(p.altMsgids, ['two@example.com', 'alt@example.com']);
  assert.deepEqual(p.from, { name: 'Doe, Jane', address: 'jane@example.com' });
  assert.deepEqual(p.to.map((a) => a.address), ['a@example.com', 'b@example.com', 'c@example.com']);
  assert.deepEqual(p.cc, [{ name: '', address: 'u@example.com' }]);
  assert.equal(p.subject, 'Re: [PATCH] café');
  assert.equal(p.subjectNormalized, 'café');
  assert.deepEqual(p.references, ['root@example.com', 'parent@example.com']);
  assert.equal(p.inReplyTo, 'parent@example.com');
  assert.equal(p.parentHint, 'parent@example.com');
  assert.equal(p.listId, 'linux-pm.vger.kernel.org');
  assert.deepEqual([p.date.utc, p.date.offsetMinutes], [Date.parse('2019-07-31T22:30:11Z'), 120]);
  assert.equal(p.body, 'Body.\n');
  assert.deepEqual(p.flags, ['addresses-obfuscated']);
});

test('no Message-ID: a deterministic synthetic id; an overlong one is cut and flagged', async () => {
  const msg = 'From: a@example.com\nSubject: x\n\nbody\n';
  const a = await parseMessage(raw(msg));
  const b = await parseMessage(raw(msg));
  assert.equal(a.msgidSynthetic, true);
  assert.match(a.msgid, /^[0-9a-f]{24}@synthetic\.lkml-kb\.invalid$/);
  assert.equal(a.msgid, b.msgid);
  assert.notEqual((await parseMessage(raw(`${msg}more`))).msgid, a.msgid);
  assert.equal(a.subject, 'x');
  assert.equal(a.date.flag, 'missing');
  const long = await parseMessage(raw(`Message-ID: <${'x'.repeat(400)}@y>\nFrom: a@example.com\n\nbody\n`));
  assert.equal(long.msgid.length, 244);
  assert.ok(long.flags.includes('msgid-truncated'));
});

test('not a message: input without any header field is refused with a clear Error', async () => {
  for (const input of ['', 'hello world\nthis is not mail\n', '\n\n', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n']) {
    await assert.rejects(parseMessage(raw(input)), NOT_A_MESSAGE, JSON.stringify(input));
  }
  // blank lines before the header block (a sloppy mbox split) are forgiven
  assert.equal((await parseMessage(raw('\r\n\nSubject: late start\n\nbody\n'))).subject, 'late start');
});

test('header bombs: megabyte fields are capped, the message still parses', async () => {
  const subject = await parseMessage(raw(`From: a@b.example\nMessage-ID: <x@y>\nSubject: ${'word '.repeat(300_000)}\n\nbody\n`));
  assert.equal(subject.subject.length, 2048);
  assert.equal(subject.from?.address, 'a@b.example'); // mailparser alone returns nothing past 1 MB of header
  assert.equal(subject.body, 'body\n');
  const refs = Array.from({ length: 100_000 }, (_, i) => `<r${i}@x>`).join('\n ');
  const many = await parseMessage(raw(`From: a@b.example\nReferences: ${refs}\nIn-Reply-To: <p@x>\nTo: ${Array.from({ length: 20_000 }, (_, i) => `u${i}@x.org`).join(', ')}\n\nbody\n`));
  assert.equal(many.references.length, 1000);
  assert.equal(many.references[999], 'p@x');
  assert.equal(many.parentHint, 'p@x');
  assert.equal(many.to.length, 1000);
  const endless = await parseMessage(raw(`From: a@b.example\nX-Junk: ${'x'.repeat(5_000_000)}`));
  assert.ok(endless.flags.includes('header-truncated'));
});

test('a text/x-patch attachment gives the patch, and its own trailers', async () => {
  const msg = [
    'From: a@example.com',
    'Subject: [PATCH] attached',
    'Message-ID: <att@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'See the attachment.',
    '--b',
    'Content-Type: text/x-patch; name="0001-fix.patch"',
    'Content-Disposition: attachment; filename="0001-fix.patch"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('Fix it.\n\nSigned-off-by: A <a@example.com>\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n').toString('base64'),
    '--b--',
    '',
  ].join('\n');
  const p = await parseMessage(raw(msg));
  assert.deepEqual(p.patch?.files, [{ path: 'x.c', added: 1, removed: 1, status: 'modified' }]);
  assert.deepEqual(p.trailers.map((t) => `${t.name}: ${t.value}`), ['Signed-off-by: A <a@example.com>']);
  assert.ok(p.flags.includes('patch-attached'));
  assert.equal(p.body.trim(), 'See the attachment.');
});

test('a reply: quotes split off, trailers only from what the author wrote', async () => {
  const msg = [
    'From: R <r@example.com>',
    'Subject: Re: [PATCH] x',
    'Message-ID: <r@example.com>',
    'In-Reply-To: <p@example.com>',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'On Fri, Oct 30, 2020 at 11:46:21AM -0300, Jason Gunthorpe wrote:',
    '> diff --git a/x b/x',
    '> Signed-off-by: P <p@example.com>',
    '',
    'Reviewed-by: R <r@example.com>',
    '',
    '-- =',
    '',
    'sig',
    '',
  ].join('\n');
  const p = await parseMessage(raw(msg));
  assert.equal(p.patch, null);
  assert.equal(p.bodyNew, 'Reviewed-by: R <r@example.com>');
  assert.equal(p.bodyQuoted, 'diff --git a/x b/x\nSigned-off-by: P <p@example.com>');
  assert.deepEqual(p.trailers.map((t) => t.name), ['Reviewed-by']);
});

/** Every message the readers find under `paths` (degraded pages rebuilt, as the ingest sees them). */
async function messagesUnder(paths: string[]): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const it of openSources(paths)) if (it.kind === 'message') out.push(it.message);
  return out;
}

/** Parses each message both ways and asserts the same record (or the same refusal). */
async function assertSameBothWays(messages: RawMessage[]): Promise<ParseStats> {
  const stats: ParseStats = { direct: 0, mailparser: 0 };
  for (const m of messages) {
    const fast = await parseMessage(m, { stats }).catch((e: Error) => e.message);
    const full = await parseMessage(m, { fastPath: false }).catch((e: Error) => e.message);
    assert.deepEqual(fast, full, m.origin);
  }
  return stats;
}

test('the fast path gives exactly what mailparser over the whole message gives: every corpus message', needsCorpus, async () => {
  const folders = fs.readdirSync(corpusPath()).filter((n) => fs.statSync(corpusPath(n)).isDirectory());
  assert.deepEqual(folders.sort(), ['b4', 'jwz', 'linux-pm-sample', 'notmuch', 'patchwork', 'public-inbox']);
  const pm = await messagesUnder([corpusPath('linux-pm-sample')]);
  assert.equal(pm.length, 3469);
  const pmStats = await assertSameBothWays(pm);
  const rest = await messagesUnder([...folders.filter((n) => n !== 'linux-pm-sample').map((n) => corpusPath(n)), repoPath('data/sample'), repoPath('test/fixtures')]);
  assert.ok(rest.length > 400, `${rest.length}`);
  const restStats = await assertSameBothWays(rest);
  console.log(`# without mailparser: linux-pm-sample ${pmStats.direct}/${pm.length}, other corpus folders + data/sample + test/fixtures ${restStats.direct}/${rest.length}`);
  assert.ok(pmStats.direct / pm.length > 0.85, `linux-pm-sample: ${pmStats.direct} of ${pm.length} without mailparser`);
  assert.ok(restStats.direct > 100, `${restStats.direct}`);
});

test('edge cases (test/fixtures/parse): the same record both ways; which ones skip mailparser', async () => {
  const dir = repoPath('test/fixtures/parse');
  const direct: string[] = [];
  const parsed = new Map<string, ParsedMessage>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml')).sort()) {
    const m = raw(fs.readFileSync(path.join(dir, name)), name);
    const stats: ParseStats = { direct: 0, mailparser: 0 };
    const fast = await parseMessage(m, { stats });
    assert.deepEqual(fast, await parseMessage(m, { fastPath: false }), name);
    if (stats.direct === 1) direct.push(name.slice(0, 2));
    parsed.set(name.slice(0, 2), fast);
  }
  assert.deepEqual(direct, ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '12', '14', '15', '16', '18', '19', '21', '22', '23']);
  const get = (n: string): ParsedMessage => parsed.get(n) ?? assert.fail(n);
  assert.equal(get('01').subject, '[PATCH v2] cpufreq: été and more plain_text');
  assert.deepEqual(get('01').cc, [{ name: 'Müller, K', address: 'k@example.org' }, { name: '“quoted”', address: 'q@example.org' }]);
  assert.deepEqual(get('02').to.map((a) => a.name), ['Smith, A.', '', 'Last, First']);
  assert.equal(get('03').from, null);
  assert.equal(get('04').body, 'line one\nline two\n\n-- \nsig\n');
  assert.equal(get('05').from?.name, 'Fran\uFFFDois Lat\uFFFDn');
  assert.equal(get('06').body, 'bodywithnuls\n');
  assert.match(get('07').body, /^Grüße, € 5 and “quotes”/);
  assert.match(get('08').body, /^A softbreak, café, = sign, bad =ZZ escape/);
  assert.deepEqual(get('08').patch?.files.map((f) => f.path), ['x.c']);
  assert.deepEqual(get('10').from, { name: 'Evil Name', address: 'evil@example.org' });
  assert.deepEqual(get('10').to, [{ name: 'attacker@example.org', address: '' }]); // decoded text is not an address
  assert.equal(get('11').from?.address, 'user@bücher.example');
  assert.equal(get('12').subject, 'second subject');
  assert.equal(get('16').body, 'base64 body, café\n');
  assert.equal(get('21').body, 'A paragraph that was wrapped\nby the client, café\n> quoted and\n> flowed\n--\nsig');
  assert.deepEqual([get('22').subject, get('22').from?.name, get('22').body], ['Привет', 'Paweł', 'Zażółć gęślą jaźń\n']);
});

test('throughput: linux-pm 2019-08 (1,426 messages)', needsCorpus, async () => {
  const messages = splitMboxrd(corpusPath('linux-pm-sample/2019-08.mbox'));
  assert.equal(messages.length, 1426);
  const t0 = performance.now();
  const parsed: ParsedMessage[] = [];
  for (const m of messages) parsed.push(await parseMessage(raw(m)));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`parse: ${messages.length} messages in ${seconds.toFixed(2)} s = ${Math.round(messages.length / seconds)} msgs/s (one thread, one at a time)`);
  const withFrom = parsed.filter((p) => p.from?.address).length;
  const withDate = parsed.filter((p) => p.date.utc !== null).length;
  assert.ok(withFrom / parsed.length > 0.95, `from: ${withFrom}`);
  assert.ok(withDate / parsed.length > 0.95, `date: ${withDate}`);
  assert.ok(parsed.some((p) => p.patch !== null));
  assert.ok(parsed.every((p) => p.listId === null || p.listId === 'linux-pm.vger.kernel.org' || p.listId.includes('.')));
});
