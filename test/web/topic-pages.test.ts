// renderHomePage / renderTopicPage against the committed topic contract, with DTOs packed from
// real seed data (seriesPage()/threadPage() over data/sample) until the topic views are merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHomePage } from '../../src/render/home.js';
import { renderTopicPage } from '../../src/render/topic.js';
import { seedTopics } from './topic-seed.js';

test('renderHomePage: topics with counts, newest series (version chips) and threads, a date-range form, escaped', async () => {
  const { list } = await seedTopics();
  const h = renderHomePage(list, { since: '2020-01-01', until: '' });
  assert.match(h, /<table class="topics" data-filter-list>/);
  assert.match(h, /<a data-filter-text href="\/topic\/mm">mm<\/a> <small data-filter-text>MEMORY MANAGEMENT<\/small>/);
  assert.match(h, /<a data-filter-text href="\/topic\/mm\/gup">mm\/gup<\/a>/);
  assert.match(h, /<input type="date" name="since" value="2020-01-01">/);
  assert.match(h, /<h3>Newest series<\/h3><ul class="items series-list" data-filter-list>/);
  assert.match(h, /class="chip state-[a-z-]+" href="\/m\/[^"]+"[^>]*>v\d/);
  assert.match(h, /href="\/thread\/\d+">/);
  assert.doesNotMatch(h, /<script>window/);
  assert.match(h, /href="\/topic\/mm\/%3Cscript%3Ewindow.__xss%3D1%3C\/script%3E">mm\/&lt;script&gt;/);
  assert.match(h, /<script src="\/static\/lunr.min.js" defer><\/script>/);
});

test('renderTopicPage: breadcrumbs, sub-topics, series and discussions, feed link, more link, escaped', async () => {
  const { detail } = await seedTopics();
  const h = renderTopicPage(detail, { since: '', until: '' }, { threads: '/topic/mm/gup?threadCursor=abc' });
  assert.match(h, /<nav class="crumbs"><a href="\/">topics<\/a> \/ <a href="\/topic\/mm">mm<\/a> \/ <b>gup<\/b><\/nav>/);
  assert.match(h, /<h2>Sub-topics<\/h2>/);
  assert.match(h, /href="\/topic\/mm\/gup\/atom.xml" rel="noopener nofollow">Atom feed/);
  assert.match(h, /<h2>Series<\/h2><ul class="items series-list"/);
  assert.match(h, /<h2>Discussions<\/h2><ul class="items thread-list"/);
  assert.match(h, /href="\/topic\/mm\/gup\?threadCursor=abc">more threads/);
  assert.match(h, /Andrew &lt;Morton&gt;/);
  assert.match(h, /&lt;b&gt;x&lt;\/b&gt;/);
  assert.doesNotMatch(h, /<script>window|<b>x<\/b>/);
});
