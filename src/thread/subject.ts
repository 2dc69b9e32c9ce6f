// JWZ step 5, narrowed: only a reply that carries no references at all is placed by subject.
// Anything with references already has a place; moving it by subject would override evidence.

import { isGhost, representativeMessage, setParent, type Container } from './container.js';
import { claimedAncestry } from './link.js';

function isReferencelessReply(root: Container): boolean {
  if (isGhost(root)) return false;
  const message = root.copies[0];
  return message.isReplySubject && claimedAncestry(message).length === 0;
}

/**
 * `sortedRoots` must be in display order. Within a subject, the target is the first root whose
 * message is not a reply, else the earliest root. Returns the remaining roots, still sorted.
 */
export function groupRootsBySubject(sortedRoots: readonly Container[]): Container[] {
  const bySubject = new Map<string, Container[]>();
  for (const root of sortedRoots) {
    const subject = representativeMessage(root)?.subjectNormalized ?? '';
    if (subject === '') continue;
    const group = bySubject.get(subject);
    if (group) group.push(root);
    else bySubject.set(subject, [root]);
  }

  const attached = new Set<Container>();
  for (const group of bySubject.values()) {
    if (group.length < 2) continue;
    const target = group.find((root) => !representativeMessage(root)!.isReplySubject) ?? group[0];
    for (const root of group) {
      if (root === target || !isReferencelessReply(root)) continue;
      setParent(root, target);
      attached.add(root);
    }
  }
  return sortedRoots.filter((root) => !attached.has(root));
}
