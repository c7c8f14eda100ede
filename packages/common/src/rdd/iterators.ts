/** Small helpers between the Iterator that `compute` returns and the Iterables users write. */

/** Makes an Iterator usable in `for…of` and spread (generators already are). */
export function asIterable<T>(iterator: Iterator<T>): IterableIterator<T> {
  if (Symbol.iterator in iterator) return iterator as IterableIterator<T>;
  const wrapper: IterableIterator<T> = {
    next: (...args: [] | [unknown]) => iterator.next(...args),
    [Symbol.iterator]: () => wrapper,
  };
  return wrapper;
}

/** Accepts what a user's partition function may return: an iterator, an array, any iterable. */
export function toIterator<T>(value: Iterable<T> | Iterator<T>, what: string): Iterator<T> {
  if (value !== null && typeof value === 'object') {
    if (Symbol.iterator in value) return (value as Iterable<T>)[Symbol.iterator]();
    if (typeof (value as Iterator<T>).next === 'function') return value as Iterator<T>;
  }
  throw new TypeError(`${what} must return an iterable (an array, a generator…), got ${value === null ? 'null' : typeof value}`);
}
