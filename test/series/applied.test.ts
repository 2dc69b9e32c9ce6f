import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAppliedNotice } from '../../src/series/applied.js';

test('applied notices: by hand and as b4 ty writes them', () => {
  const rows: [string, ReturnType<typeof detectAppliedNotice>][] = [
    ['Applied, thanks.', { branch: null, commits: [] }],
    ['Patch applied to the pinctrl tree.\n\nYours,\nLinus Walleij', { branch: 'pinctrl tree', commits: [] }],
    ['Applied to linux-pm.git/linux-next, thanks!', { branch: 'linux-pm.git/linux-next', commits: [] }],
    ['Both applied, thanks!', { branch: null, commits: [] }],
    ['Queued up for 5.4, thanks!', { branch: null, commits: [] }],
    [
      'On Tue, 25 Oct 2022 Konstantin wrote:\n\nApplied to b4 (master), thanks!\n\n[1/2] Minor typo changes imitation\n      commit: 6d2ba2a\n[2/2] Another change\n      commit: https://git.kernel.org/x/c/0123abcd\n\nBest regards,',
      {
        branch: 'b4 (master)',
        commits: [
          { index: 1, title: 'Minor typo changes imitation', sha: '6d2ba2a' },
          { index: 2, title: 'Another change', sha: '0123abcd' },
        ],
      },
    ],
    ['Applied to next, thanks!\n\n[1/1] thermal: fix the thing\n      commit: deadbeef12', { branch: 'next', commits: [{ index: 1, title: 'thermal: fix the thing', sha: 'deadbeef12' }] }],
    ['- system defaults are applied to the root group and propagated down', null],
    ['The same fix was applied when the lock is held.', null],
    ['Looks good to me.\nReviewed-by: A <a@b>', null],
    ['', null],
  ];
  for (const [text, want] of rows) assert.deepEqual(detectAppliedNotice(text), want, text);
});
