// The few libmime functions src/parse/mime-direct.ts calls (libmime ships no types).
// libmime is pinned at the version mailparser pins, so both decode with the same code.
declare module 'libmime' {
  export interface StructuredHeader {
    value: string | false;
    params: Record<string, string>;
  }
  interface Libmime {
    decodeHeader(line: string): { key: string; value: string };
    decodeWords(str: string): string;
    parseHeaderValue(str: string): StructuredHeader;
    normalizeCharset(charset: string): string;
    decodeFlowed(str: string, delSp?: boolean): string;
  }
  const libmime: Libmime;
  export default libmime;
}

declare module 'libmime/lib/charset.js' {
  const charset: { decode(buf: Buffer, fromCharset: string): string };
  export default charset;
}

declare module 'libqp' {
  const libqp: { decode(str: string): Buffer };
  export default libqp;
}
