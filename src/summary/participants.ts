// Who took part: senders with message counts and roles, plus people only quoted ("On ...,
// Linus Torvalds wrote:") so a summary of a partial archive still names them. Pure.
import { quoteAttribution } from '../parse/quotes.js';
import type { Participant, Role, SummaryOptions } from './types.js';
import type { MessageInput } from './input.js';

const REVIEW_TRAILERS = new Set(['Reviewed-by', 'Acked-by', 'Tested-by']);
const ROLE_ORDER: Role[] = ['patch-author', 'maintainer', 'reviewer', 'quoted'];

export function participantsOf(
  messages: readonly MessageInput[],
  opts: SummaryOptions = {},
  extraAuthors: readonly string[] = [],
): Participant[] {
  const byId = new Map(messages.map((m) => [m.msgid, m]));
  const people = new Map<string, { name: string; address: string; messages: number; roles: Set<Role> }>();
  // one person often writes from two addresses under one name (work and kernel.org)
  const byName = new Map<string, string>();
  const get = (name: string, address: string) => {
    const k = address ? address.toLowerCase() : `name:${name.toLowerCase()}`;
    const alias = name ? byName.get(name.toLowerCase()) : undefined;
    let p = people.get(alias ?? k);
    if (!p) {
      people.set(k, (p = { name, address, messages: 0, roles: new Set() }));
      if (name) byName.set(name.toLowerCase(), k);
    }
    if (!p.name && name) p.name = name;
    return p;
  };
  for (const m of messages) {
    const p = get(m.fromName, m.fromAddr);
    p.messages++;
    if (m.isPatch) p.roles.add('patch-author');
    const parent = m.parent ? byId.get(m.parent) : undefined;
    if (!m.isPatch && parent?.isPatch && parent.fromAddr.toLowerCase() !== m.fromAddr.toLowerCase()) p.roles.add('reviewer');
    if (!m.isPatch) {
      for (const t of m.trailers) {
        if (REVIEW_TRAILERS.has(t.name) && t.person && t.person.address.toLowerCase() === m.fromAddr.toLowerCase()) p.roles.add('reviewer');
      }
    }
  }
  for (const a of extraAuthors) people.get(a.toLowerCase())?.roles.add('patch-author');
  // people only quoted
  const names = new Set([...people.values()].map((p) => p.name.toLowerCase()).filter(Boolean));
  for (const m of messages) {
    const who = quoteAttribution(m.body);
    if (!who || !who.name || /[@<>]/.test(who.name) || who.name.length > 60) continue;
    if ((who.address && people.has(who.address.toLowerCase())) || names.has(who.name.toLowerCase())) continue;
    const p = get(who.name, who.address ?? '');
    p.roles.add('quoted');
    names.add(who.name.toLowerCase());
  }
  if (opts.maintainerOf) {
    for (const p of people.values()) if (p.address && opts.maintainerOf(p.address)) p.roles.add('maintainer');
  }
  return [...people.values()]
    .map((p) => ({ name: p.name, address: p.address, messages: p.messages, roles: ROLE_ORDER.filter((r) => p.roles.has(r)) }))
    .sort((a, b) => b.messages - a.messages || cmp(a.name, b.name) || cmp(a.address, b.address));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
