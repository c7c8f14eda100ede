/**
 * The namenode's write lock: namespace mutations (rename, delete, mkdirs, the commit
 * of an upload) run one at a time, so their check-then-act sequences — "the
 * destination does not exist, so rename" — are atomic as HDFS's are under
 * FSDirectory's lock. Reads take no lock; each is a single system call on a
 * namespace that only changes by whole renames.
 */
export class NamespaceLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(critical: () => Promise<T>): Promise<T> {
    const result = this.tail.then(critical);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
