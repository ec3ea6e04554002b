import path from 'node:path';
import ts from 'typescript';

/** Where lowering wrote its ES5 modules, or why it could not. */
export type LowerResult = { ok: true; outDir: string } | { ok: false; errors: string[] };

const IMAGE_TSCONFIG = 'tsconfig.image.json';

/**
 * Lowers the device TypeScript reachable from `entries` to ES5 ES modules with source maps, using
 * tsconfig.image.json (noEmitHelpers: the bundler injects Espruino-safe helpers). Type errors fail it.
 */
export function lowerToEs5(root: string, entries: string[], outDir: string): LowerResult {
  const configPath = path.join(root, IMAGE_TSCONFIG);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return { ok: false, errors: [formatDiagnostic(read.error, root)] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, { outDir }, configPath);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors.map((d) => formatDiagnostic(d, root)) };

  const ambient = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const rootNames = [...entries.map((e) => path.resolve(root, e)), ...ambient];
  const program = ts.createProgram({ rootNames, options: parsed.options });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) return { ok: false, errors: diagnostics.map((d) => formatDiagnostic(d, root)) };

  const emitted = program.emit(undefined, function (fileName, text, bom) {
    ts.sys.writeFile(fileName, fileName.endsWith('.js') ? markClassesPure(text) : text, bom);
  });
  if (emitted.emitSkipped || emitted.diagnostics.length > 0) {
    return { ok: false, errors: emitted.diagnostics.map((d) => formatDiagnostic(d, root)) };
  }
  return { ok: true, outDir };
}

/**
 * tsc marks each lowered class IIFE `/** @class *\/`; the bundler only knows `/*@__PURE__*\/` (the same length, so
 * the source map stays exact). Marked pure, a class nobody uses is dropped from the image with its module — how a
 * feature left out at build time (src/features.ts) takes its classes with it.
 */
export function markClassesPure(js: string): string {
  return js.split('/** @class */ (function').join('/*@__PURE__*/ (function');
}

/** The path of an entry's lowered module inside outDir. */
export function loweredPath(root: string, entry: string, outDir: string): string {
  const relative = path.relative(root, path.resolve(root, entry));
  return path.join(outDir, relative.replace(/\.ts$/, '.js'));
}

function formatDiagnostic(d: ts.Diagnostic, root: string): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return text;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(root, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
}
