/** The JSON shapes of WebHDFS answers, and their conversion to Kindling's FileStatus / ContentSummary. */
import type { ContentSummary, FileStatus, FileType } from '../file-status.js';

export interface FileStatusJson {
  readonly accessTime: number;
  readonly blockSize: number;
  readonly childrenNum?: number;
  readonly fileId?: number;
  readonly group: string;
  readonly length: number;
  readonly modificationTime: number;
  readonly owner: string;
  readonly pathSuffix: string;
  readonly permission: string;
  readonly replication: number;
  readonly storagePolicy?: number;
  readonly type: FileType;
}

export interface ContentSummaryJson {
  readonly directoryCount: number;
  readonly fileCount: number;
  readonly length: number;
  readonly quota: number;
  readonly spaceConsumed: number;
  readonly spaceQuota: number;
}

export interface FileChecksumJson {
  readonly algorithm: string;
  readonly bytes: string;
  readonly length: number;
}

/** `uri` is the full URI of the entry (the listed directory joined with pathSuffix). */
export function toFileStatus(json: FileStatusJson, uri: string, name: string): FileStatus {
  return {
    path: uri,
    name,
    type: json.type,
    length: json.length,
    modificationTime: json.modificationTime,
    accessTime: json.accessTime,
    permission: json.permission,
    owner: json.owner,
    group: json.group,
    replication: json.replication,
    blockSize: json.blockSize,
  };
}

export function toContentSummary(json: ContentSummaryJson): ContentSummary {
  return {
    length: json.length,
    fileCount: json.fileCount,
    directoryCount: json.directoryCount,
    spaceConsumed: json.spaceConsumed,
    quota: json.quota,
    spaceQuota: json.spaceQuota,
  };
}
