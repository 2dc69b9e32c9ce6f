// Messages -> postings (SeriesVersion): one per cover letter + patches sent together.
// Pure and deterministic: the result does not depend on the order of `messages`.
import type { MsgKey, SeriesMessage, SeriesVersion } from './series-types.js';
import { type Classified, type Member, classify, compareMessages, nearestAncestor } from './group-roles.js';
import { type Group, buildGroups } from './group-forest.js';
import { isComplete, referencedVersion, versionOf } from './group-version.js';

export { TIME_WINDOW_MS } from './group-forest.js';
export { MAX_SLOTS } from './group-version.js';

/**
 * Groups patches and cover letters into postings. Replies are never members, whatever they
 * quote. A partial reroll ("[PATCH v3 2/2]" alone, in reply to v2) is its own posting whose
 * missing slots are back-filled from the version it amends (`reroll`). Replies naming a slot
 * whose patch is absent are listed in `referencedBy`, on a 'referenced' placeholder posting when
 * nothing of that posting is present. Sorted by first date, then key.
 */
export function groupSeries(messages: readonly SeriesMessage[]): SeriesVersion[] {
  const c = classify(messages);
  const { groups } = buildGroups(c);
  const built = groups.map((g) => ({ group: g, version: versionOf(g, c.copies) }));
  const owner = new Map<Member, SeriesVersion>();
  for (const b of built) for (const m of b.group.members) owner.set(m, b.version);
  const byKey = new Map<MsgKey, SeriesMessage>();
  for (const m of c.byMsgid.values()) byKey.set(m.key, m);
  applyRerolls(built, owner, byKey);
  const placeholders = attachSlotReplies(c, owner, built.map((b) => b.version), byKey);
  const out = [...built.map((b) => b.version), ...placeholders];
  return out.sort((a, b) => (a.firstDate ?? Infinity) - (b.firstDate ?? Infinity) || cmp(a.key, b.key));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders versions: "v5.1" (label '5.1') comes after v5 and before v6. */
export function versionRank(v: Pick<SeriesVersion, 'version' | 'versionLabel'>): number {
  const minor = v.versionLabel ? Number(/\.(\d{1,4})/.exec(v.versionLabel)?.[1] ?? 0) : 0;
  return v.version + minor / 10_000;
}

const sameAuthor = (a: SeriesVersion, b: SeriesVersion): boolean =>
  !!a.author && !!b.author && a.author.address.toLowerCase() === b.author.address.toLowerCase();

const titleKey = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * An incomplete posting without cover that re-sends some patches of an earlier posting with
 * a higher version ("[PATCH v3 2/2]" threaded under v2's 2/2, or "[PATCH v5.1 10/12]") takes
 * that posting's patches in its empty slots. The earlier posting is the one it is threaded
 * under or, for a "vN.M" label only, the latest earlier one by its author with the same count
 * and the same titles in the re-sent slots.
 */
function applyRerolls(
  built: { group: Group; version: SeriesVersion }[],
  owner: Map<Member, SeriesVersion>,
  byKey: Map<MsgKey, SeriesMessage>,
): void {
  const order = [...built].sort(
    (a, b) => (a.version.firstDate ?? Infinity) - (b.version.firstDate ?? Infinity) || cmp(a.version.key, b.version.key),
  );
  const byAuthor = new Map<string, SeriesVersion[]>();
  for (const { version } of order) {
    const a = version.author?.address.toLowerCase();
    if (!a) continue;
    const list = byAuthor.get(a);
    if (list) list.push(version);
    else byAuthor.set(a, [version]);
  }
  const fits = (v: SeriesVersion, base: SeriesVersion): boolean =>
    base !== v &&
    sameAuthor(v, base) &&
    base.total === v.total &&
    versionRank(base) < versionRank(v) &&
    (base.firstDate === null || v.firstDate === null || base.firstDate <= v.firstDate);
  for (const { group, version: v } of order) {
    if (v.cover !== null || v.complete || v.patches.every((p) => p === null)) continue;
    const threaded = group.threadedTo.map((t) => owner.get(t)).filter((b): b is SeriesVersion => !!b && fits(v, b));
    let candidates = threaded;
    if (candidates.length === 0 && v.versionLabel !== null) {
      const mine = byAuthor.get(v.author?.address.toLowerCase() ?? '') ?? [];
      candidates = mine.filter((b) => fits(v, b) && sameTitlesInSlots(v, b, byKey));
    }
    if (candidates.length === 0) continue;
    const base = candidates.reduce((best, b) =>
      versionRank(b) > versionRank(best) || (versionRank(b) === versionRank(best) && (b.firstDate ?? 0) > (best.firstDate ?? 0)) ? b : best,
    );
    const backfilled: number[] = [];
    v.patches.forEach((p, i) => {
      if (p === null && base.patches[i] !== null && base.patches[i] !== undefined) {
        v.patches[i] = base.patches[i];
        backfilled.push(i + 1);
      }
    });
    v.reroll = { of: base.key, backfilled };
    v.title = base.title; // folded into that series: it keeps the series' name
    v.complete = isComplete(v.total, v.patches);
  }
}

function sameTitlesInSlots(v: SeriesVersion, base: SeriesVersion, byKey: Map<MsgKey, SeriesMessage>): boolean {
  return v.patches.every((k, i) => {
    if (k === null) return true;
    const b = base.patches[i];
    const mine = byKey.get(k);
    const theirs = b ? byKey.get(b) : undefined;
    return !!mine && !!theirs && titleKey(mine.tags.title) === titleKey(theirs.tags.title);
  });
}

/**
 * "Re: [PATCH v2 2/2] x": when the posting it answers is present but slot 2 is missing, the
 * reply is listed there; when nothing of that posting is present (and no posted patch has that
 * title, version and slot), a 'referenced' placeholder posting is made from its subject.
 */
function attachSlotReplies(
  c: Classified,
  owner: Map<Member, SeriesVersion>,
  posted: readonly SeriesVersion[],
  byKey: Map<MsgKey, SeriesMessage>,
): SeriesVersion[] {
  const postedSlots = new Set<string>();
  for (const v of posted) {
    const fill = (slot: number, k: MsgKey | null): void => {
      const m = k ? byKey.get(k) : undefined;
      if (m) postedSlots.add(slotKey(m.tags.title, v.version, v.total, slot));
    };
    fill(0, v.cover);
    v.patches.forEach((k, i) => fill(i + 1, k));
  }
  const placeholders = new Map<string, SeriesVersion>();
  const titleSlot = new Map<string, number>(); // the slot a placeholder's title comes from
  for (const r of [...c.slotReplies].sort(compareMessages)) {
    const t = r.tags;
    const slot = t.index ?? 1;
    const total = t.total ?? 1;
    const fits = (v: SeriesVersion): boolean => v.total === total && (t.versionInferred || v.version === t.version);
    const near = nearestAncestor(r, c.byMsgid, (id) => c.members.get(id));
    const v = near ? owner.get(near) : undefined;
    if (v && fits(v)) {
      const missing = slot === 0 ? v.cover === null : slot <= v.patches.length && v.patches[slot - 1] === null;
      if (missing) v.referencedBy.push({ slot, key: r.key });
      continue;
    }
    if (postedSlots.has(slotKey(t.title, t.version, total, slot))) continue; // its patch is here, threading lost
    const root = r.references[0] ?? r.parentMsgid ?? r.msgid;
    const key = `ref:${root}#${t.versionLabel ?? t.version}/${total}`;
    let p = placeholders.get(key);
    if (!p) placeholders.set(key, (p = referencedVersion(key, r)));
    else {
      if (r.date !== null && (p.firstDate === null || r.date < p.firstDate)) p.firstDate = r.date;
      if (r.date !== null && (p.lastDate === null || r.date > p.lastDate)) p.lastDate = r.date;
    }
    // the lowest slot names the series best: the cover letter's title, else the first patch's
    if (slot < (titleSlot.get(key) ?? Infinity)) {
      titleSlot.set(key, slot);
      p.title = t.title;
    }
    p.referencedBy.push({ slot, key: r.key });
  }
  for (const v of [...posted, ...placeholders.values()]) v.referencedBy.sort((a, b) => a.slot - b.slot || cmp(a.key, b.key));
  return [...placeholders.values()];
}

const slotKey = (title: string, version: number, total: number, slot: number): string =>
  `${titleKey(title)}\0${version}\0${total}\0${slot}`;
