/**
 * Binary encoding of host API messages. JSON would turn a year's 250,000 heights into megabytes of
 * text; here typed arrays travel as raw bytes after a JSON header that says where each one sits.
 *
 * Layout: [u32 header length][header JSON, UTF-8][padding to 8][array bytes, each 8-aligned].
 * Platform-neutral (no Node, no DOM) so the page and the hosts share it.
 */

const KINDS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type KindName = keyof typeof KINDS;
type AnyTypedArray = InstanceType<(typeof KINDS)[KindName]>;

interface ArrayRef {
  $typed: KindName;
  offset: number;
  length: number;
}

function kindOf(v: unknown): KindName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  for (const name of Object.keys(KINDS) as KindName[]) if (v instanceof KINDS[name]) return name;
  return null;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Encodes plain data (objects, arrays, strings, finite or NaN numbers, typed arrays) into one buffer. */
export function encodeMessage(value: unknown): ArrayBuffer {
  const arrays: AnyTypedArray[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const kind = kindOf(v);
    if (kind) {
      const a = v as AnyTypedArray;
      const ref: ArrayRef = { $typed: kind, offset, length: a.length };
      arrays.push(a);
      offset = align8(offset + a.byteLength);
      return ref;
    }
    // JSON has no NaN or infinities; elevations outside a site are NaN.
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
  const headerBytes = new TextEncoder().encode(header);
  const start = align8(4 + headerBytes.length);
  const out = new ArrayBuffer(start + offset);
  new DataView(out).setUint32(0, headerBytes.length, true);
  new Uint8Array(out, 4, headerBytes.length).set(headerBytes);
  let at = start;
  for (const a of arrays) {
    new Uint8Array(out, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    at = align8(at + a.byteLength);
  }
  return out;
}

/** Decodes what encodeMessage produced. Typed arrays are views into `buffer` (no copy). */
export function decodeMessage(buffer: ArrayBuffer): unknown {
  if (buffer.byteLength < 4) throw new Error('Malformed message: shorter than its header length.');
  const headerLength = new DataView(buffer).getUint32(0, true);
  if (4 + headerLength > buffer.byteLength) throw new Error('Malformed message: header runs past the end.');
  const header = new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength));
  const start = align8(4 + headerLength);
  return JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v) {
      const ref = v as ArrayRef;
      const Kind = KINDS[ref.$typed];
      if (!Kind) throw new Error(`Malformed message: unknown array kind ${String(ref.$typed)}.`);
      const byteOffset = start + ref.offset;
      if (byteOffset + ref.length * Kind.BYTES_PER_ELEMENT > buffer.byteLength) throw new Error('Malformed message: array runs past the end.');
      return new Kind(buffer, byteOffset, ref.length);
    }
    if (v && typeof v === 'object' && '$number' in v) return Number((v as { $number: string }).$number);
    return v;
  });
}
