/**
 * A stream of the lines of new files in a directory on any FileSystem (Spark's
 * FileInputDStream behind textFileStream). Each batch t lists the directory and
 * selects the files that
 *   - are plain files whose names do not start with "." or "_" (hidden and temporary
 *     files: write elsewhere or under such a name, then rename into the directory),
 *   - were modified after the ignore threshold: the later of the time the stream
 *     started (only files new since then) and t − the remember window,
 *   - were modified no later than t (a file from the future waits for its batch),
 *   - were not selected by a remembered batch before.
 * The remember window is the smallest number of batches covering
 * `kindling.streaming.fileStream.minRememberDuration` (60 s, as Spark): a file whose
 * modification time is older than that when it appears is never seen, which is why
 * files must be moved in atomically rather than written slowly in place.
 *
 * The batch's RDD reads the selected files on the executors (FileLinesRDD, one
 * partition per file); the driver only lists the directory.
 */
import { FileLinesRDD, InvalidArgumentError, KindlingError, getFileSystem, type FileStatus, type RDD } from '@kindling/common';
import { Duration } from '../duration.js';
import { registerDStreamKind } from '../dstream-registry.js';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';

export class FileInputDStream extends InputDStream<string> {
  readonly kind = 'FileInputDStream';
  readonly directory: string;
  /** The remember window: whole batches covering the minimum remember duration. */
  readonly durationToRemember: Duration;
  private initialModTimeIgnoreThreshold = 0;
  private restoredThreshold: number | undefined;
  private readonly batchTimeToSelectedFiles = new Map<number, readonly string[]>();
  private readonly recentlySelectedFiles = new Set<string>();
  private listingFailed = false;

  constructor(
    ssc: StreamingContext,
    directory: string,
    readonly newFilesOnly = true,
  ) {
    super(ssc, 'textFileStream');
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new InvalidArgumentError('textFileStream expects a directory URI such as file:///data/in or webhdfs://namenode:9870/data/in');
    }
    this.directory = directory.trim();
    getFileSystem(this.directory); // an unknown scheme fails here, at definition
    const minRememberMs = ssc.kindlingContext.conf.getDurationMs('kindling.streaming.fileStream.minRememberDuration', ssc.kindlingContext.conf.getDurationMs('kindling.streaming.minRememberDuration', 60_000));
    const batchMs = this.slideDuration.milliseconds;
    this.durationToRemember = Duration.of(batchMs * Math.max(1, Math.ceil(minRememberMs / batchMs)));
    this.remember(this.durationToRemember);
  }

  override start(): Promise<void> {
    // A recovered stream keeps the threshold of its first start (Spark checkpoints it too).
    if (this.restoredThreshold !== undefined) this.initialModTimeIgnoreThreshold = this.restoredThreshold;
    else if (this.newFilesOnly) this.initialModTimeIgnoreThreshold = this.ssc.clock.now();
    return Promise.resolve();
  }

  async compute(time: number): Promise<RDD<string> | undefined> {
    const files = this.batchTimeToSelectedFiles.get(time) ?? (await this.findNewFiles(time));
    this.batchTimeToSelectedFiles.set(time, files);
    for (const file of files) this.recentlySelectedFiles.add(file);
    const kc = this.ssc.kindlingContext;
    const rdd: RDD<string> = files.length === 0 ? kc.emptyRDD<string>() : new FileLinesRDD(kc, files);
    // Records in are known only once the files are read; the file count is what the
    // driver knows now (Spark reports 0 records and lists the files, as here).
    this.reportInput(time, 0, { files, Description: files.length === 0 ? '' : `files:\n${files.join('\n')}` });
    return rdd;
  }

  private async findNewFiles(time: number): Promise<string[]> {
    const threshold = Math.max(this.initialModTimeIgnoreThreshold, time - this.durationToRemember.milliseconds);
    let listing: FileStatus[];
    try {
      listing = await getFileSystem(this.directory).list(this.directory);
      this.listingFailed = false;
    } catch (error) {
      // As Spark: the stream keeps running with empty batches; say so once, not every batch.
      if (!this.listingFailed) {
        const failure = KindlingError.from(error, `textFileStream cannot list ${this.directory}`);
        this.ssc.logger.warn({ batchTime: time, err: failure }, `Error finding new files under ${this.directory}: ${failure.message}`);
      }
      this.listingFailed = true;
      return [];
    }
    const selected = listing
      .filter((s) => s.type === 'FILE' && !s.name.startsWith('.') && !s.name.startsWith('_'))
      .filter((s) => s.modificationTime > threshold && s.modificationTime <= time && !this.recentlySelectedFiles.has(s.path))
      .map((s) => s.path);
    this.ssc.logger.debug({ batchTime: time, threshold, files: selected.length }, `Finding new files took place for time ${time} ms`);
    return selected;
  }

  /** Forgets the files of batches older than the remember window, so the set stays bounded. */
  override clearMetadata(time: number): void {
    for (const [t, files] of this.batchTimeToSelectedFiles) {
      if (t >= time - this.durationToRemember.milliseconds) continue;
      this.batchTimeToSelectedFiles.delete(t);
      for (const file of files) this.recentlySelectedFiles.delete(file);
    }
    super.clearMetadata(time);
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { directory: this.directory, newFilesOnly: this.newFilesOnly };
  }

  /**
   * The files each remembered batch selected, and the modification time before which
   * files are ignored: restored, files that arrived while the driver was down are
   * picked up by the down-time batches, and no file is read twice.
   */
  override sourcePosition(): unknown {
    return { initialModTimeIgnoreThreshold: this.initialModTimeIgnoreThreshold, batches: [...this.batchTimeToSelectedFiles].map(([time, files]) => [time, [...files]]) };
  }

  override restoreSourcePosition(position: unknown): void {
    const p = position as { initialModTimeIgnoreThreshold?: number; batches?: Array<[number, string[]]> } | undefined;
    if (p === undefined) return;
    this.restoredThreshold = p.initialModTimeIgnoreThreshold;
    for (const [time, files] of p.batches ?? []) {
      this.batchTimeToSelectedFiles.set(time, files);
      for (const file of files) this.recentlySelectedFiles.add(file);
    }
  }
}

registerDStreamKind('FileInputDStream', ({ ssc, params }) => new FileInputDStream(ssc, params['directory'], params['newFilesOnly']));
