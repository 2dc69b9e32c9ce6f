// The static archive: written from a real store, then searched in headless Chromium from file://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestInto, tmpDir } from '../helpers/tmp.js';
import { repoPath } from '../helpers/corpus.js';
import { launchBrowser, needsBrowser, screenshotPath } from '../helpers/browser.js';
import { dirSink, writeSite } from '../../src/export/site.js';

async function sampleSite(shardThreads?: number) {
  const { db } = await ingestInto([repoPath('data/sample'), repoPath('test/fixtures/hostile')].filter((p) => fs.existsSync(p)));
  const ids = (db.prepare('SELECT id FROM threads ORDER BY id').pluck().all() as number[]);
  const dir = path.join(tmpDir(), 'site');
  const r = await writeSite(db, { title: 'sample <archive>', threadIds: ids }, dirSink(dir), { shardThreads });
  return { db, dir, r, ids };
}

test('site: one page per thread, an index page, a lunr index; refuses a non-empty directory', async () => {
  const { dir, r, ids, db } = await sampleSite();
  assert.equal(r.threads, ids.length);
  for (const id of ids) assert.ok(fs.existsSync(path.join(dir, 'threads', `${id}.html`)));
  const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.match(index, /sample &lt;archive&gt;/);
  assert.doesNotMatch(index, /<script>/, 'no inline script');
  const js = fs.readFileSync(path.join(dir, 'assets/search-index-0.js'), 'utf8');
  assert.match(js, /^\(window\.LKB_SHARDS=window\.LKB_SHARDS\|\|\[\]\)\.push\(/);
  assert.throws(() => dirSink(dir), /exists and is not empty.*--force/);
  await writeSite(db, { title: 'x', threadIds: ids }, dirSink(dir, { force: true }));
  for (const f of fs.readdirSync(path.join(dir, 'threads'))) {
    const html = fs.readFileSync(path.join(dir, 'threads', f), 'utf8');
    assert.doesNotMatch(html, /<script(?! src="\.\.\/assets\/)/i, `${f}: only our own scripts`);
  }
  db.close();
});

test('site: lunr search answers in headless Chromium from file://', needsBrowser, async () => {
  // two threads per shard: the client searches every shard and merges the hits
  const { dir, db } = await sampleSite(2);
  db.close();
  assert.ok(fs.existsSync(path.join(dir, 'assets/search-index-3.js')), 'several shards');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    await page.fill('#q', 'clear_refs');
    await page.waitForSelector('#results li a');
    const titles = await page.$$eval('#results li a', (as) => as.map((a) => a.textContent ?? ''));
    assert.ok(titles.some((t) => /soft_dirty|clear_refs|GUP|COW/i.test(t)), titles.join(' | '));
    await page.screenshot({ path: screenshotPath('site-search'), fullPage: true });
    await page.fill('#q', 'asi_invpcid*');
    await page.waitForFunction(() => document.querySelectorAll('#results li a').length > 0);
    const asi = await page.$$eval('#results li a', (as) => as.map((a) => a.textContent ?? ''));
    assert.ok(asi.some((t) => /asi/i.test(t)), asi.join(' | '));
    await page.click('#results li a');
    await page.waitForSelector('article.msg');
    await page.screenshot({ path: screenshotPath('site-thread'), fullPage: false });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
