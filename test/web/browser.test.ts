// End to end in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// series -> version diff -> thread -> message, a search, keyboard navigation, the lunr filter,
// no console errors, and the hostile mail's script never runs. Screenshots of every page (desktop
// and 390 px phone) go to test-artifacts/screenshots/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveIngested } from '../helpers/server.js';
import { corpusDir, repoPath } from '../helpers/corpus.js';
import { tmpDir } from '../helpers/tmp.js';
import { writeBigMessage } from './big-message.js';

const CHROMIUM = '/usr/bin/chromium';
const shots = repoPath('test-artifacts/screenshots');
const have = fs.existsSync(CHROMIUM);
if (!have && process.env.CI) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) for the browser tests`);
const skip = have ? {} : { skip: `${CHROMIUM} not found (apt-get install chromium); set CI=1 to make this a failure` };

let browser: Browser;
let base = '';
const errors: string[] = [];

async function open(p: string, opts: { width?: number } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.width ? 844 : 900 }, ...(opts.width ? { isMobile: true, hasTouch: true } : {}) });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${page.url()}: console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`${page.url()}: dialog ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) errors.push(`remote load ${r.url()}`);
  });
  await page.goto(base + p);
  return page;
}

const shot = async (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

if (have) {
  fs.mkdirSync(shots, { recursive: true });
  const big = tmpDir();
  writeBigMessage(big);
  const inputs = [repoPath('data/sample'), repoPath('test/fixtures/hostile'), big];
  // real list traffic gives the pages real series and long threads when the corpus is here
  if (corpusDir) inputs.push(path.join(corpusDir, 'linux-pm-sample/2019-08.mbox'));
  // the browser first, so its after() hook closes it before the server's: an open browser's
  // keep-alive connections must not hold the server's close
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  after(() => browser.close());
  base = (await serveIngested(inputs)).base;
}

test('series -> version diff -> thread -> message', skip, async () => {
  const list = (await (await fetch(`${base}/api/series?limit=200`)).json()) as { series: { id: number; versions: { total: number }[] }[] };
  const multi = list.series.filter((s) => s.versions.length > 1).sort((a, b) => b.versions.length - a.versions.length)[0];
  const page = await open(`/series/${multi.id}`);
  await shot(page, 'series');
  assert.ok(await page.locator('table.matrix tbody tr').count() > 0, 'the matrix has rows');
  await page.locator('form.vdiff select[name=from]').selectOption({ index: 0 });
  await page.locator('form.vdiff button').click();
  await page.waitForURL(/from=/);
  assert.ok(await page.locator('ol.rangediff > li').count() > 0, 'the version diff lists patches');
  await shot(page, 'series-diff');
  await page.locator('ol.timeline a.thread-link').first().click();
  await page.waitForURL(/\/thread\//);
  assert.ok(await page.locator('article.msg').count() > 0);
  await shot(page, 'thread');
  await page.locator('article.msg[data-msg] .links a', { hasText: 'permalink' }).first().click();
  await page.waitForURL(/\/m\//);
  assert.equal(await page.locator('article.msg.single').count(), 1);
  await shot(page, 'message');
  await page.close();
});

test('a search from the header box, grouped by thread, then by message', skip, async () => {
  const page = await open('/');
  await shot(page, 'home');
  await page.fill('#q', 'thermal');
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/search\?q=thermal/);
  assert.ok(await page.locator('ol.hits li.hit').count() > 0, 'hits');
  assert.ok(await page.locator('ol.hits mark').count() > 0, 'highlighted snippets');
  await shot(page, 'search');
  await page.locator('input[name=group][value=message]').check();
  await page.locator('form.searchform button').click();
  await page.waitForURL(/group=message/);
  assert.ok(await page.locator('ol.hits li.hit').count() > 0);
  const bad = await open('/search?q=(thermal');
  assert.equal(await bad.locator('.error').count(), 1);
  await shot(bad, 'search-error');
  const help = await open('/help/search');
  assert.ok(await help.locator('table.doc').count() > 3);
  await shot(help, 'help');
  await Promise.all([page.close(), bad.close(), help.close()]);
});

test('keyboard: j/k move between messages, / focuses search, n opens the next thread; lunr filters lists', skip, async () => {
  const threads = (await (await fetch(`${base}/api/threads?limit=100`)).json()) as { threads: { id: number; messageCount: number }[] };
  const t = threads.threads.filter((x) => x.messageCount >= 3).sort((a, b) => b.messageCount - a.messageCount)[0] ?? threads.threads[0];
  const page = await open(`/thread/${t.id}`);
  const current = () => page.locator('article.msg.current').getAttribute('id');
  const ids = await page.locator('article.msg[data-msg]').evaluateAll((els) => els.map((e) => e.id));
  await page.keyboard.press('j');
  assert.equal(await current(), ids[0]);
  if (ids.length > 1) {
    await page.keyboard.press('j');
    assert.equal(await current(), ids[1]);
    await page.keyboard.press('k');
    assert.equal(await current(), ids[0]);
  }
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // flat / nested toggle in the page, without a reload
  await page.locator('#view-toggle').click();
  assert.equal(await page.locator('#thread.flat').count(), 1);
  await shot(page, 'thread-flat');
  await page.locator('#view-toggle').click();
  assert.equal(await page.locator('#thread.flat').count(), 0);
  if (await page.locator('#next-thread').count()) {
    await page.keyboard.press('n');
    await page.waitForURL((u) => u.pathname !== `/thread/${t.id}`);
    assert.match(page.url(), /\/thread\/\d+/);
  }
  const home = await open('/');
  const box = home.locator('input[data-filter-for]');
  assert.equal(await box.isVisible(), true, 'app.js shows the filter box');
  const all = await home.locator('[data-filter-item]:visible').count();
  await box.fill('thermal');
  const some = await home.locator('[data-filter-item]:visible').count();
  assert.ok(some > 0 && some < all, `filter kept ${some} of ${all}`);
  await shot(home, 'home-filtered');
  await Promise.all([page.close(), home.close()]);
});

test('XSS probes do not execute; phone-width screenshots', skip, async () => {
  const pages = [
    '/',
    `/m/${encodeURIComponent('xss-1"')}`,
    `/thread/${encodeURIComponent('xss-reply-1@example.org')}`,
    '/m/html-only-1%40example.org',
    '/m/malformed-1%40example.org',
    '/search?q=script&group=message',
    '/m/big-1%40example.org',
  ];
  for (const [i, p] of pages.entries()) {
    const page = await open(p);
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, p);
    if (i === 2) await shot(page, 'xss-thread');
    if (i === 1) await shot(page, 'xss-message');
    await page.close();
  }
  const list = (await (await fetch(`${base}/api/series?limit=200`)).json()) as { series: { id: number; versions: unknown[] }[] };
  const multi = list.series.find((s) => s.versions.length > 1)!;
  const threads = (await (await fetch(`${base}/api/threads?limit=100`)).json()) as { threads: { id: number; messageCount: number; rootMsgid: string }[] };
  const long = [...threads.threads].sort((a, b) => b.messageCount - a.messageCount)[0];
  for (const [name, p] of [['home', '/'], ['series', `/series/${multi.id}`], ['thread', `/thread/${long.id}`], ['message', `/m/${encodeURIComponent(long.rootMsgid)}`], ['search', '/search?q=thermal']]) {
    const page = await open(p, { width: 390 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name}: the page scrolls sideways by ${overflow}px at 390px`);
    await shot(page, `phone-${name}`);
    await page.close();
  }
});

test('home -> topic -> series (the topic taxonomy from the store), at desktop and phone width', skip, async () => {
  for (const width of [1280, 390]) {
    const suffix = width === 390 ? '-phone' : '';
    const page = await open('/', width === 390 ? { width } : {});
    assert.ok(await page.locator('a[href="/topic/mm"]').count() > 0, 'the home page lists the mm topic');
    await shot(page, `topics-home${suffix}`);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 1, `home scrolls sideways at ${width}px`);
    await page.locator('a[href="/topic/mm"]').first().click();
    await page.waitForURL(/\/topic\/mm$/);
    assert.ok(await page.locator('a[href^="/topic/mm/"]').count() > 0, 'sub-topics such as mm/asi');
    assert.ok(await page.locator('.chip').count() > 0, 'series carry version chips');
    assert.ok((await overflow()) <= 1, `topic page scrolls sideways at ${width}px`);
    await shot(page, `topic${suffix}`);
    await page.locator('input[data-filter-for]').fill('zzzz-nothing');
    assert.equal(await page.locator('[data-filter-item]:visible').count(), 0, 'lunr filter hides every row');
    await page.locator('input[data-filter-for]').fill('');
    await page.locator('a[href="/topic/mm/asi"]').first().click();
    await page.waitForURL(/\/topic\/mm\/asi$/);
    await page.locator('a[href^="/series/"]').first().click();
    await page.waitForURL(/\/series\/\d+/);
    assert.match((await page.locator('h1').textContent()) ?? '', /ASI domains/);
    assert.ok(await page.locator('a[href*="/api/export/series/"]').count() >= 5, 'export links');
    await shot(page, `topic-series${suffix}`);
    await page.close();
  }
});

test('no console errors, no dialogs, no remote loads on any page visited', skip, () => {
  // the bad query page is a 400 on purpose
  assert.deepEqual(errors.filter((e) => !/q=\(thermal: console error: .*status of 400/.test(e)), []);
});
