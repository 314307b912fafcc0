/**
 * Bundles the compiled kit's command line into one CommonJS file, dist/bundle/cli.cjs, with the
 * packages it imports, so a start reads and compiles one file instead of about 1,200 (Node's module
 * resolution, format detection and per-file compilation were most of a start's CPU time), and so
 * bin/genai-kit.mjs can keep V8's code cache of that one script (bin/runWithCodeCache.mjs).
 *
 * The services are still loaded lazily: esbuild turns each `import('./service.js')` into a function
 * that runs the service's modules when first called. Kept outside the bundle: packages with native
 * parts or requires computed at run time, and esbuild itself (a binary).
 *
 * The kit's modules find their files (service models, the model catalogue, the Python bootstrap,
 * the worker bootstrap, the console's page sources) beside themselves through `import.meta.url`; in
 * the bundle each module's `import.meta.url` is the URL its compiled file has under dist/local/,
 * where the build leaves those files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Packages loaded from node_modules at run time, not bundled. */
const EXTERNAL = [
  'esbuild',
  // native (node-gyp-build)
  'classic-level',
  // require('./actions/' + action)
  'dynalite',
  // 2.3 MB of pdf.js that reads its own package through import.meta.resolve, for PDF knowledge-base documents only
  'unpdf',
];

/**
 * Builds dist/bundle/cli.cjs from local/cli.ts.
 *
 * @example
 * await bundleCli(repositoryRoot);
 */
export async function bundleCli(root) {
  const { build, transform } = await import('esbuild');
  const outdir = join(root, 'dist', 'bundle');
  const outfile = join(outdir, 'cli.cjs');
  await build({
    entryPoints: [join(root, 'local', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    logLevel: 'warning',
    // `import('esbuild')` and the like become `require`: the bin runs the bundle as a vm.Script
    // (bin/runWithCodeCache.mjs), where Node 20 refuses a dynamic import.
    supported: { 'dynamic-import': false },
    // Strict mode first: a banner ahead of esbuild's own "use strict" would turn that into a plain string.
    banner: { js: '"use strict";\nconst __kitModuleUrlOf = (file) => require("node:url").pathToFileURL(require("node:path").join(__dirname, file)).href;' },
    // A package's own import.meta (a browser-only branch of flexsearch) becomes {}, as esbuild does for CommonJS.
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [compiledModuleUrls(root, outdir, transform)],
  });
  await writeFile(outfile, asciiOnly(await readFile(outfile, 'utf8')));
}

/**
 * The bundle as pure ASCII without its `#!` line, which the bin then reads as latin1 (two to three
 * times faster than decoding UTF-8, for a 7 MB file). esbuild already escapes every non-ASCII
 * character of the code (strings, templates, regular expressions, names); what is left is in
 * comments, where a `?` reads as well.
 */
function asciiOnly(code) {
  return code.replace(/^#!.*\n/, '').replace(/[\u0080-\u{10ffff}]/gu, '?');
}

/** Gives each kit module that reads `import.meta.url` the URL of its compiled file under dist/local/. */
function compiledModuleUrls(root, outdir, transform) {
  return {
    name: 'compiled-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        const compiled = relative(outdir, join(root, 'dist', relative(root, args.path))).replace(/\.ts$/, '.js');
        const { code } = await transform(source, { loader: 'ts', sourcefile: args.path, define: { 'import.meta.url': '__kitModuleUrl' } });
        return { contents: `const __kitModuleUrl = __kitModuleUrlOf(${JSON.stringify(compiled)});\n${code}`, loader: 'js' };
      });
    },
  };
}
