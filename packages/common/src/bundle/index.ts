export {
  bundleFileName,
  manifestFileName,
  parseBundleManifest,
  sha256Hex,
  type BundleManifest,
} from './bundle-manifest.js';
export { computeExportAliases } from './export-aliases.js';
export { loadBundleDir, loadBundleFromFile, type LoadedJobBundle } from './bundle-loader.js';
export { storeBundle, writeBundleDir } from './bundle-store.js';
export { registerKindlingResolver, kindlingPackagesDir } from './kindling-resolver.js';
export { bundledCommonNodeArgs } from './bundled-common.js';
