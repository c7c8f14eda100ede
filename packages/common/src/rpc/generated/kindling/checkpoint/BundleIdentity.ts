// Original file: checkpoint.proto


export interface BundleIdentity {
  'name'?: (string);
  'version'?: (string);
  'sha256'?: (string);
}

export interface BundleIdentity__Output {
  'name': (string);
  'version': (string);
  'sha256': (string);
}
