// The 5 MB message of the web tests, generated (not committed).
import fs from 'node:fs';
import path from 'node:path';

/** Writes the 5 MB message (not committed: it is generated). */
export function writeBigMessage(dir: string): string {
  let body = '';
  for (let i = 0; body.length < 5 * 1024 * 1024; i++) body += `line ${i} of a very long message <script>window.__xss=99</script> padding\n`;
  const file = path.join(dir, '05-big.eml');
  fs.writeFileSync(
    file,
    `From: Big <big@example.org>\nSubject: a 5 MB body\nDate: Tue, 03 Nov 2020 13:00:00 +0000\nMessage-ID: <big-1@example.org>\nContent-Type: text/plain\n\n${body}`,
  );
  return file;
}
