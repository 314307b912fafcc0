import { describe, expect, it } from 'vitest';
import { parseHandler, resolveModule } from '../../../local/runtime/resolveHandler.js';
import { cjsDir, jsDir } from '../../fixtures/runtime/functionDefs.js';

describe('parseHandler', () => {
  it('splits the module path from the export as Lambda does', () => {
    expect(parseHandler('index.handler')).toEqual({ modulePath: 'index', exportPath: ['handler'] });
    expect(parseHandler('src/chat/handler.main')).toEqual({ modulePath: 'src/chat/handler', exportPath: ['main'] });
    expect(parseHandler('lib/app.handlers.chat')).toEqual({ modulePath: 'lib/app', exportPath: ['handlers', 'chat'] });
    expect(parseHandler('dir.v2/file.fn')).toEqual({ modulePath: 'dir.v2/file', exportPath: ['fn'] });
  });

  it('rejects handlers without an export', () => {
    expect(parseHandler('index')).toBeUndefined();
    expect(parseHandler('index.')).toBeUndefined();
    expect(parseHandler('src/.handler')).toBeUndefined();
  });
});

describe('resolveModule', () => {
  it('loads .mjs with import, and .js with require unless package.json says "module"', () => {
    expect(resolveModule(jsDir, 'handlers')).toEqual({ file: `${jsDir}handlers.mjs`, loader: 'import' });
    expect(resolveModule(cjsDir, 'callback')).toEqual({ file: `${cjsDir}callback.js`, loader: 'require' });
  });

  it('falls back to the basename (esbuild flattens outputs) and reports missing modules', () => {
    expect(resolveModule(jsDir, 'src/handlers')).toEqual({ file: `${jsDir}handlers.mjs`, loader: 'import' });
    expect(resolveModule(jsDir, 'missing')).toBeUndefined();
  });
});
