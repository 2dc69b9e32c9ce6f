// lkml-kb's one client script (a plain ES module, no build step). Pages work without it; it
// adds: instant lunr filtering of [data-filter-list] lists, keyboard navigation
// (j/k message, n next thread, / search), the flat/nested thread toggle, quote folding.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// --- instant filtering -------------------------------------------------------------------
function setupFilter() {
  const lists = $$('[data-filter-list]');
  const box = $('[data-filter-for]');
  if (!lists.length || !box || typeof window.lunr !== 'function') return;
  const items = lists.flatMap((l) => $$('[data-filter-item]', l));
  if (items.length < 2) return;
  const texts = items.map((el) => {
    const parts = $$('[data-filter-text]', el).map((x) => x.textContent);
    return (parts.length ? parts.join(' ') : el.textContent).toLowerCase();
  });
  const idx = window.lunr(function () {
    this.ref('i');
    this.field('t');
    // keep words like mmap_lock and mm/gup searchable as typed
    this.pipeline.remove(window.lunr.stemmer);
    this.searchPipeline.remove(window.lunr.stemmer);
    texts.forEach((t, i) => this.add({ i: String(i), t }));
  });
  box.hidden = false;
  const run = () => {
    const q = box.value.trim().toLowerCase();
    if (!q) {
      items.forEach((el) => (el.hidden = false));
      return;
    }
    let keep;
    try {
      const words = q.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
      const hits = idx.query((query) => {
        for (const w of words) query.term(w, { wildcard: window.lunr.Query.wildcard.TRAILING, presence: window.lunr.Query.presence.REQUIRED });
      });
      keep = new Set(hits.map((h) => Number(h.ref)));
    } catch {
      keep = new Set(texts.flatMap((t, i) => (t.includes(q) ? [i] : [])));
    }
    items.forEach((el, i) => (el.hidden = !keep.has(i)));
  };
  box.addEventListener('input', run);
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      box.value = '';
      run();
      box.blur();
    }
  });
}

// --- keyboard ------------------------------------------------------------------------------
function setupKeys() {
  let cur = -1;
  const msgs = () => $$('[data-msg]').filter((el) => !el.hidden);
  const go = (delta) => {
    const list = msgs();
    if (!list.length) return;
    const at = list.findIndex((el) => el.classList.contains('current'));
    cur = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + delta));
    list.forEach((el) => el.classList.remove('current'));
    const el = list[cur];
    el.classList.add('current');
    el.scrollIntoView({ block: 'start' });
    if (el.id) history.replaceState(null, '', '#' + el.id);
  };
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === 'j') go(1);
    else if (e.key === 'k') go(-1);
    else if (e.key === 'n') {
      const next = $('#next-thread') || $('a[rel="next"]');
      if (next) location.href = next.href;
    } else if (e.key === '/') {
      const q = $('#q');
      if (q) {
        e.preventDefault();
        q.focus();
        q.select();
      }
    } else return;
  });
}

// --- thread: flat / nested toggle, quote folding ---------------------------------------------
function setupThread() {
  const thread = $('#thread');
  const toggle = $('#view-toggle');
  if (!thread || !toggle) return;
  // a server-rendered flat page links back to the nested one; only the nested page toggles here
  if (toggle.dataset.view === 'flat') return;
  const original = $$('.msg', thread);
  toggle.addEventListener('click', (e) => {
    e.preventDefault();
    const flat = toggle.dataset.view !== 'flat';
    let order = original;
    if (flat) order = original.filter((el) => !el.classList.contains('ghost')).sort((a, b) => (a.dataset.date || '').localeCompare(b.dataset.date || ''));
    original.forEach((el) => el.remove());
    for (const el of order) thread.append(el);
    thread.classList.toggle('flat', flat);
    toggle.dataset.view = flat ? 'flat' : 'tree';
    toggle.textContent = flat ? 'nested view' : 'flat view';
  });
  const quotes = $$('details.quote', thread);
  if (!quotes.length) return;
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.id = 'fold-quotes';
  btn.textContent = 'unfold all quotes';
  btn.addEventListener('click', () => {
    const open = btn.textContent.startsWith('unfold');
    quotes.forEach((d) => (d.open = open));
    btn.textContent = open ? 'fold all quotes' : 'unfold all quotes';
  });
  toggle.after(' · ', btn);
}

setupFilter();
setupKeys();
setupThread();
