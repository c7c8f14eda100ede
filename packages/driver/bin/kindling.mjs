#!/usr/bin/env node
// The `kindling` executable. It lives outside dist/ so that the package manager can
// link it on a fresh install, before the workspace's prepare script has built
// dist/cli/main.js, which it runs.
await import('../dist/cli/main.js');
