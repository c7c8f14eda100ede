/**
 * Where a persisted RDD partition is kept (Spark's StorageLevel). Kindling keeps
 * records as JavaScript values in memory, and as framed, serialized files on disk.
 */
import { InvalidArgumentError } from '../errors/index.js';

export class StorageLevel {
  private constructor(
    readonly name: string,
    readonly useMemory: boolean,
    readonly useDisk: boolean,
  ) {}

  static readonly NONE = new StorageLevel('NONE', false, false);
  static readonly MEMORY_ONLY = new StorageLevel('MEMORY_ONLY', true, false);
  static readonly MEMORY_AND_DISK = new StorageLevel('MEMORY_AND_DISK', true, true);
  static readonly DISK_ONLY = new StorageLevel('DISK_ONLY', false, true);

  get isValid(): boolean {
    return this.useMemory || this.useDisk;
  }

  static fromName(name: string): StorageLevel {
    const level = [StorageLevel.NONE, StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_AND_DISK, StorageLevel.DISK_ONLY].find(
      (l) => l.name === name,
    );
    if (level === undefined) throw new InvalidArgumentError(`Unknown storage level ${name}; use NONE, MEMORY_ONLY, MEMORY_AND_DISK or DISK_ONLY`);
    return level;
  }

  /** Spark's StorageLevel.description, as toDebugString shows it. */
  get description(): string {
    if (!this.isValid) return '';
    const where = [this.useDisk ? 'Disk' : '', this.useMemory ? 'Memory' : ''].filter((s) => s !== '').join(' ');
    return `${where} ${this.useMemory ? 'Deserialized' : 'Serialized'} 1x Replicated`;
  }

  toString(): string {
    return this.name;
  }
}
