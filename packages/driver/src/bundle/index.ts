export { buildBundle, entryExtensions, type BuildBundleOptions, type BuiltBundle } from './build-bundle.js';
export { packageBundle, type PackagedBundle } from './package-bundle.js';
export {
  resolveJobBundle,
  loadJobBundle,
  defaultBundleCacheDir,
  type ResolvedJobBundle,
  type ResolveJobBundleOptions,
} from './resolve-job-bundle.js';
export { jobMainOf, type JobMain } from './job-main.js';
export { EntryNotFoundError } from './entry-not-found-error.js';
export { NotAJobError } from './not-a-job-error.js';
export { kindlingVersion } from './kindling-version.js';
