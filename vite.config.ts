import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Each language's catalog chunk (i18n/vi.ts, zh.ts, en.ts, loaded one at a time by i18n/index.ts) takes only its
 * own language from the feature catalogs (i18n/features/*.ts, which export all three): the import gets a
 * `?lang=` copy of the module per language, and tree-shaking drops the other two languages from each copy.
 */
function catalogPerLanguage(): Plugin {
  return {
    name: 'frontgate:catalog-per-language',
    enforce: 'pre',
    async resolveId(source, importer) {
      const lang = importer?.match(/[\\/]renderer[\\/]src[\\/]i18n[\\/](vi|zh|en)\.ts$/)?.[1];
      if (!lang || !source.startsWith('./features/')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? `${resolved.id}?lang=${lang}` : null;
    },
  };
}

/**
 * Mantine's ScrollArea, inside every Table, takes only `useMergeRefs` from @floating-ui/react, and so would put all of
 * floating-ui (≈ 15 KB gzip) into the first load of every screen with a table (the desk board among them). It gets
 * the same hook from renderer/src/app/mergeRefs.ts. A Mantine upgrade that imports more from floating-ui there fails
 * the build (missing export) rather than misbehaving.
 */
function scrollAreaWithoutFloatingUi(): Plugin {
  const mergeRefs = fileURLToPath(new URL('./renderer/src/app/mergeRefs.ts', import.meta.url));
  return {
    name: 'frontgate:scroll-area-merge-refs',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === '@floating-ui/react' && importer && /[\\/]@mantine[\\/]core[\\/]esm[\\/]components[\\/]ScrollArea[\\/]/.test(importer) ? mergeRefs : null;
    },
  };
}

/**
 * Mantine's AppShell (the staff frame) takes only the class names of react-remove-scroll's RemoveScroll, and so would
 * load react-remove-scroll with its helpers as one more chunk before the first staff screen; it gets them from
 * renderer/src/app/removeScroll.ts. Dialogs (ModalBase) still import the real one.
 */
function appShellWithoutRemoveScroll(): Plugin {
  const classNames = fileURLToPath(new URL('./renderer/src/app/removeScroll.ts', import.meta.url));
  return {
    name: 'frontgate:app-shell-remove-scroll-class-names',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === 'react-remove-scroll' && importer && /[\\/]@mantine[\\/]core[\\/]esm[\\/]components[\\/]AppShell[\\/]/.test(importer) ? classNames : null;
    },
  };
}

/**
 * react-router's package exports point every bundler at its development build (dev-only warnings on, ENABLE_DEV_WARNINGS);
 * the production build ships beside it in the package. The renderer's build takes that one (the dev server keeps the
 * warnings).
 */
function reactRouterProductionBuild(): Plugin {
  return {
    name: 'frontgate:react-router-production',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source !== 'react-router') return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? resolved.id.replace(/([\\/]react-router[\\/]dist[\\/])development([\\/])/, '$1production$2') : null;
    },
  };
}

/**
 * The contract builds each schema when it is first used in the renderer (gateway/contract/lazy-schema.browser.ts) and
 * at once everywhere else (lazy-schema.ts): a screen builds only the schemas it uses, not the whole endpoint table
 * before it can show anything (docs/performance.md, "Screens").
 */
function contractSchemasOnFirstUse(): Plugin {
  const onFirstUse = fileURLToPath(new URL('./gateway/contract/lazy-schema.browser.ts', import.meta.url));
  return {
    name: 'frontgate:contract-schemas-on-first-use',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === './lazy-schema.js' && importer && /[\\/]gateway[\\/]contract[\\/][^\\/]+\.ts$/.test(importer) ? onFirstUse : null;
    },
  };
}

// The renderer is a static single-page app served by the gateway (see docs/architecture.md).
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), catalogPerLanguage(), scrollAreaWithoutFloatingUi(), appShellWithoutRemoveScroll(), reactRouterProductionBuild(), contractSchemasOnFirstUse()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Small shared chunks (hooks, tiny components) are inlined into the chunks that import them: without this the desk
          // board loaded 62 files, six at a time over HTTP/1.1 (docs/performance.md, "Screens").
          experimentalInlineCommonChunks: { maxSize: 12_000 },
          groups: [
            // React in one chunk of its own, so that the group below does not take it along as a dependency.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            // floating-ui (tooltips, popovers, selects) alone: otherwise small Mantine modules every screen needs
            // share its chunk, and every screen loads it (docs/performance.md, "Screens").
            { name: 'floating-ui', test: /node_modules[\\/]@floating-ui[\\/]/, priority: 1 },
            // Mantine's own core (provider, Box, styles API, utilities) and its hooks, which every screen runs: one
            // chunk instead of dozens of tiny ones. The components stay split by the screens that use them.
            { name: 'mantine', test: /node_modules[\\/](@mantine[\\/](core[\\/]esm[\\/]core|store)|clsx)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:4820', ws: true },
    },
  },
});
