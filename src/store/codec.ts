// Packs: several byte strings deflated together. Mail from one list repeats most of its
// header text from message to message, so packing ~16 messages compresses far better than
// one message at a time, and costs one zlib call instead of sixteen.
import zlib from 'node:zlib';

export const PACK_CODEC = 'deflate-raw';
/** Messages per pack: small enough that reading one message inflates little. */
export const PACK_SIZE = 16;

export interface PackedPart {
  off: number;
  len: number;
}

export function packParts(parts: Buffer[]): { data: Buffer; parts: PackedPart[] } {
  const out: PackedPart[] = [];
  let off = 0;
  for (const p of parts) {
    out.push({ off, len: p.length });
    off += p.length;
  }
  return { data: zlib.deflateRawSync(Buffer.concat(parts, off), { level: 1 }), parts: out };
}

export function unpack(codec: string, data: Buffer): Buffer {
  if (codec !== PACK_CODEC) throw new Error(`unknown pack codec ${codec}`);
  return zlib.inflateRawSync(data);
}

/** Single blobs (quarantine) use the same codec. */
export const compressOne = (b: Buffer): Buffer => zlib.deflateRawSync(b, { level: 6 });
export const inflateOne = (b: Buffer): Buffer => zlib.inflateRawSync(b);
