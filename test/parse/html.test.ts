import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlToText } from '../../src/parse/html.js';

test('htmlToText: tags and attribute values dropped, blocks become lines, entities decoded', () => {
  assert.equal(htmlToText('<html><body><input value="a>swordfish">\n</body>hunter2</html>'), 'hunter2');
  assert.equal(htmlToText('<p>one &amp; two</p><p>three&nbsp;&lt;4&gt; &#x41;&#66;</p>'), 'one & two\n\nthree <4> AB');
  assert.equal(htmlToText('<div>a<br>b</div><script>var x = "<p>no</p>";</script><style>p{}</style>c'), 'a\nb\nc');
  assert.equal(htmlToText('a < b and c > d'), 'a < b and c > d');
  assert.equal(htmlToText('<pre>keep\nlines</pre>'), 'keep\nlines');
  assert.equal(htmlToText('<!-- <p>hidden</p> -->shown'), 'shown');
  assert.equal(htmlToText('<HEAD><TITLE>t</TITLE></HEAD><BODY>Body</BODY>'), 'Body');
});

test('htmlToText stays linear on hostile input', () => {
  const t0 = performance.now();
  htmlToText('<a title="'.repeat(100_000));
  htmlToText('<script>'.repeat(100_000));
  htmlToText('&amp'.repeat(500_000));
  assert.ok(performance.now() - t0 < 3000);
});
