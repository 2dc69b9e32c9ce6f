// A small strict XML reader for tests (no XML package in the project): throws on anything not
// well-formed (unbalanced or crossed tags, a bare '<' or '&', unknown entities, unquoted
// attributes, characters XML 1.0 forbids, text outside the root) and returns the element tree.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

function decode(s: string, at: number): string {
  if (FORBIDDEN.test(s)) throw new Error(`forbidden character near ${at}`);
  if (s.includes('<')) throw new Error(`bare "<" near ${at}`);
  return s.replace(/&([^;]*);?/g, (m, ent: string) => {
    if (!m.endsWith(';')) throw new Error(`bare "&" near ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ent in named) return named[ent];
    const num = /^#(\d+)$/.exec(ent) ?? /^#x([0-9a-f]+)$/i.exec(ent);
    if (num) return String.fromCodePoint(parseInt(num[1], ent[1] === 'x' || ent[1] === 'X' ? 16 : 10));
    throw new Error(`unknown entity &${ent}; near ${at}`);
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length) stack[stack.length - 1].text += decode(text, i);
    else if (text.trim()) throw new Error(`text outside the root element near ${i}`);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error(`unterminated tag at ${lt}`);
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (!open || open.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> does not close <${open?.name}> at ${lt}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = NAME.exec(body)?.[0];
    if (!name) throw new Error(`bad tag name at ${lt}`);
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    let rest = body.slice(name.length);
    for (;;) {
      rest = rest.replace(/^\s+/, '');
      if (!rest) break;
      const m = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(rest) ?? /^([A-Za-z_][\w.:-]*)='([^'<]*)'/.exec(rest);
      if (!m) throw new Error(`bad attribute in <${name}> at ${lt}: ${rest.slice(0, 30)}`);
      if (m[1] in el.attrs) throw new Error(`duplicate attribute ${m[1]} at ${lt}`);
      el.attrs[m[1]] = decode(m[2], lt);
      rest = rest.slice(m[0].length);
    }
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error(`second root element at ${lt}`);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
export const childText = (el: XmlElement, name: string) => childrenNamed(el, name)[0]?.text;
