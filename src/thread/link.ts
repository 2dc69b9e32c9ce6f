// JWZ step 1: build containers and link them from References (first come, first linked).

import { createContainer, setParent, wouldCreateLoop, type Container } from './container.js';
import type { ThreadInput } from './types.js';

/**
 * The ancestry a message claims, oldest first, immediate parent last. Self-references and
 * repeats are dropped; a parentHint found among the references moves to the end, because the
 * parser trusts a clean In-Reply-To over the References order.
 */
export function claimedAncestry(message: ThreadInput): string[] {
  const seen = new Set<string>();
  const chain: string[] = [];
  for (const ref of message.references) {
    if (ref === '' || ref === message.msgid || seen.has(ref)) continue;
    seen.add(ref);
    chain.push(ref);
  }
  const hint = message.parentHint;
  if (hint && seen.has(hint) && chain[chain.length - 1] !== hint) {
    chain.splice(chain.indexOf(hint), 1);
    chain.push(hint);
  }
  return chain;
}

/**
 * Links `ordered` (already in canonical order) into containers keyed by msgid.
 * The first copy of a msgid sets its parent; later copies only add References links
 * (they are copies: their own place is under the first copy).
 */
export function linkContainers(ordered: readonly ThreadInput[]): Map<string, Container> {
  const byMsgid = new Map<string, Container>();
  const containerOf = (msgid: string): Container => {
    let c = byMsgid.get(msgid);
    if (!c) byMsgid.set(msgid, (c = createContainer(msgid)));
    return c;
  };

  for (const message of ordered) {
    const self = containerOf(message.msgid);
    self.copies.push(message);

    // Link the chain pairwise, but never re-parent (earlier evidence wins) nor close a loop.
    let previous: Container | null = null;
    for (const ref of claimedAncestry(message)) {
      const current = containerOf(ref);
      if (previous && current.parent === null && !wouldCreateLoop(previous, current)) {
        setParent(current, previous);
      }
      previous = current;
    }

    // The message's own claim beats a guess made from someone else's References;
    // a message without references keeps any guessed parent (as Mail::Thread and public-inbox do).
    const isFirstCopy = self.copies.length === 1;
    if (isFirstCopy && previous && self.parent !== previous && !wouldCreateLoop(previous, self)) {
      setParent(self, previous);
    }
  }
  return byMsgid;
}
