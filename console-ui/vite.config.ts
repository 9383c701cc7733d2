import { defineConfig } from 'vitest/config';

// The bundle goes where the Maven module packs it (META-INF/liveplane-console/ in the jar, served at / by the
// control plane). `npm run dev` serves the app on 5173 and sends API calls to a local stack (bin/liveplane up).
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  build: {
    outDir: 'target/generated-resources/console/META-INF/liveplane-console',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The Content-Security-Policy allows scripts from this origin only: nothing may be inlined into index.html.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // hls.js (about 180 KB gzipped) is one chunk loaded only when a preview plays HLS; the first page's JS is
    // measured by scripts/first-page-size.mjs instead.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // React Query marks its modules "use client" for server components, which a browser-only bundle ignores.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  server: {
    proxy: { '/v1': api, '/admin': api },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
