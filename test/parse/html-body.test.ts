// HTML-only mail: its text is what we keep (via html-to-text), never the markup, and
// hostile HTML stays fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../src/parse/mime.js';

const htmlMail = (html: string) => ({
  raw: Buffer.from(`From: a@example.org\nSubject: html\nMessage-ID: <h@example.org>\nContent-Type: text/html; charset=utf-8\n\n${html}`),
  origin: 'test',
  format: 'eml' as const,
});

test('HTML-only mail: tags, attribute values, scripts and link targets are dropped; text kept', async () => {
  const p = await parseMessage(
    htmlMail('<html><head><style>p{}</style><script>alert("x")</script></head><body><p>one &amp; two</p><input value="swordfish"><a href="javascript:alert(1)">click</a><img src="http://tracker/x.png"></body></html>'),
  );
  assert.ok(p.flags.includes('html-only'));
  assert.match(p.body, /one & two/);
  assert.match(p.body, /click/);
  assert.doesNotMatch(p.body, /swordfish|alert|javascript:|tracker|<\w/);
});

test('hostile HTML is converted in bounded time', async () => {
  const t0 = performance.now();
  await parseMessage(htmlMail('<a title="'.repeat(50_000)));
  await parseMessage(htmlMail('<div>'.repeat(20_000)));
  await parseMessage(htmlMail('&amp'.repeat(200_000)));
  assert.ok(performance.now() - t0 < 5000, `${performance.now() - t0} ms`);
});
