// Packs: several byte strings compressed together. Mail from one list repeats most of its
// header text from message to message, so packing several messages compresses far better
// than one message at a time, and costs one call instead of several. Compression runs in the
// parse workers: on generated LKML-like mail (packs of 16) brotli quality 0 costs 19 us a
// message for 37.2% of the raw size, quality 1 30 us for 36.0%, deflate level 1 52 us for 36.5%.
import zlib from 'node:zlib';

export const PACK_CODEC = 'brotli';
/** Messages per ingest task, and per text pack (to/cc JSON, decoded bodies). */
export const PACK_SIZE = 16;
/**
 * Messages per raw pack. A search snippet inflates a raw pack up to its hit's body: about
 * 200 us for a hit in a pack of 16 (64 KB of mail), with 20 hits a page. On generated
 * LKML-like mail, brotli quality 0 in packs of 16 compresses to 37.9% and inflates a whole
 * pack in 303 us; quality 2 in packs of 8 compresses to 38.3% and inflates one in 141 us, for
 * 35 us a message of compression in the parse workers (not the ingest's bottleneck). Packs of
 * 4 inflate in 77 us but compress to 42.2%, and their 6 KB blobs waste more of their last
 * page: the 1M bench store grew from 0.95x to 1.04x of its mbox. A raw pack holds the bodies of
 * its messages first and their header blocks after (packRaw): a snippet then inflates
 * 8 KB instead of 20 KB on average (generated mail: 2.6 KB of headers, 1.8 KB of body), about
 * 60 us instead of 105, and the pack is 0.8% smaller.
 */
export const RAW_PACK_SIZE = 8;
export const RAW_PACK_QUALITY = 2;

export interface PackedPart {
  off: number;
  len: number;
}

export function packParts(parts: Buffer[], quality = 0): { data: Buffer; parts: PackedPart[] } {
  const out: PackedPart[] = [];
  let off = 0;
  for (const p of parts) {
    out.push({ off, len: p.length });
    off += p.length;
  }
  const data = zlib.brotliCompressSync(Buffer.concat(parts, off), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: off },
  });
  return { data, parts: out };
}

/** A raw message as stored: its head (the header block, or the whole message) and its tail (the body when it is the raw body byte for byte, else empty). */
export interface RawSplit {
  head: Buffer;
  tail: Buffer;
}

/**
 * Raw messages in packs of RAW_PACK_SIZE: the tails of a pack's messages first, then their
 * heads (see RAW_PACK_SIZE). Gives each message its pack (an index into `packs`), its raw place
 * (the head's offset, head and tail's length: store/messages.ts getRaw joins them) and its tail's.
 */
export function packRaw(messages: RawSplit[]): { packs: Buffer[]; placed: { pack: number; raw: PackedPart; tail: PackedPart }[] } {
  const packs: Buffer[] = [];
  const placed: { pack: number; raw: PackedPart; tail: PackedPart }[] = [];
  for (let i = 0; i < messages.length; i += RAW_PACK_SIZE) {
    const group = messages.slice(i, i + RAW_PACK_SIZE);
    const { data, parts } = packParts([...group.map((m) => m.tail), ...group.map((m) => m.head)], RAW_PACK_QUALITY);
    group.forEach((_, k) => {
      const tail = parts[k];
      const head = parts[group.length + k];
      placed.push({ pack: packs.length, raw: { off: head.off, len: head.len + tail.len }, tail });
    });
    packs.push(data);
  }
  return { packs, placed };
}

export function unpack(codec: string, data: Buffer): Buffer {
  if (codec === 'brotli') return zlib.brotliDecompressSync(data);
  if (codec === 'deflate-raw') return zlib.inflateRawSync(data);
  throw new Error(`unknown pack codec ${codec}`);
}

/**
 * At least the first `need` bytes of a pack (or all of it), inflating only as much as that takes:
 * a search snippet needs one message of the pack, and brotli's cost is proportional to the
 * output (0.16 ms for a whole 40 KB pack; a hit in the middle of its pack costs half).
 * Brotli decodes a truncated stream up to where the input stops; packed mail compresses to
 * about a third, so half as many input bytes as wanted output bytes (plus slack) is almost
 * always enough, and when it is not the whole pack is inflated.
 */
export function unpackPrefix(codec: string, data: Buffer, need: number): Buffer {
  if (codec !== 'brotli') return unpack(codec, data);
  const take = Math.ceil(need / 2) + 2048;
  if (take >= data.length) return unpack(codec, data);
  const out = zlib.brotliDecompressSync(data.subarray(0, take), { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return out.length >= need ? out : unpack(codec, data);
}

/** Single blobs (quarantine) use the same codec. */
export const compressOne = (b: Buffer): Buffer => zlib.deflateRawSync(b, { level: 6 });
export const inflateOne = (b: Buffer): Buffer => zlib.inflateRawSync(b);
