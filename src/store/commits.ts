// Commits imported from a git tree, and the Message-IDs their trailers name.
import type { WritableDB } from './db.js';

export interface ImportedCommit {
  sha: string;
  subject: string;
  author: { name: string; address: string };
  date: number | null;
  patchId: string | null;
  msgids: string[];
}

export function saveCommits(db: WritableDB, repo: string, commits: ImportedCommit[]): void {
  const ins = db.prepare(`INSERT INTO commits (sha, repo, subject, author_name, author_addr, date, patch_id)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha) DO UPDATE SET repo = excluded.repo, patch_id = excluded.patch_id`);
  const link = db.prepare('INSERT OR IGNORE INTO commit_msgids (msgid, sha) VALUES (?, ?)');
  db.transaction(() => {
    for (const c of commits) {
      ins.run(c.sha, repo, c.subject, c.author.name, c.author.address.toLowerCase(), c.date, c.patchId);
      for (const m of c.msgids) link.run(m, c.sha);
    }
  })();
}
