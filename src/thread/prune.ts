// JWZ step 4: drop ghosts that carry nothing, splice out ghosts that only add a level.

import { descendantsFirst, isGhost, setParent, type Container } from './container.js';

/**
 * Below the root level a ghost is replaced by its children (none: it vanishes).
 * At the root level a ghost is replaced only when it has at most one child: a ghost root
 * with 2+ children is what ties those replies into one thread, so it stays.
 * Returns the new root set.
 */
export function pruneGhosts(roots: readonly Container[]): Container[] {
  // Descendants first, so a ghost's children are final before the ghost itself is judged.
  for (const c of descendantsFirst(roots)) {
    for (const kid of [...c.children]) {
      if (!isGhost(kid)) continue;
      for (const grandchild of [...kid.children]) setParent(grandchild, c);
      setParent(kid, null);
    }
  }

  const kept: Container[] = [];
  for (const root of roots) {
    if (!isGhost(root) || root.children.size >= 2) {
      kept.push(root);
      continue;
    }
    for (const only of [...root.children]) {
      setParent(only, null);
      kept.push(only);
    }
  }
  return kept;
}
