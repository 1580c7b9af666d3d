type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Uint16Array | Uint8Array;

/** A copy of a typed array in a larger one of the same type: growing struct-of-arrays storage. */
export function grown<T extends TypedArray>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a as never);
  return b;
}
