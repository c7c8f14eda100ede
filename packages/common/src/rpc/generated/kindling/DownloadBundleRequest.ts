// Original file: kindling.proto


export interface DownloadBundleRequest {
  'sha256'?: (string);
}

export interface DownloadBundleRequest__Output {
  'sha256': (string);
}
