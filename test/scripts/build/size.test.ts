import { describe, expect, it } from 'vitest';
import MagicString, { Bundle } from 'magic-string';
import { attributeImage, formatShares } from '../../../scripts/build/attribution';
import { countFunctions, formatSizeTable } from '../../../scripts/build/size';

describe('image size report', () => {
  it('counts every function an image creates: declarations, expressions, methods and nested ones', () => {
    expect(countFunctions('var a = 1;')).toBe(0);
    expect(countFunctions('(function(){ function f(x){ return function(){ return x; }; } var o = { m: function(){} }; })();')).toBe(4);
  });

  it('prints one row per image with raw, gzip and function counts, the name column as wide as the longest path', () => {
    const table = formatSizeTable([
      { board: 'a', file: 'dist/a/image.js', raw: 10, gzip: 5, functions: 2 },
      { board: 'long', file: 'dist/a-very-long-board-name-here/image.js', raw: 123456, gzip: 23456, functions: 655 },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^image +raw bytes +gzip bytes +functions$/);
    expect(lines[2]).toMatch(/^dist\/a-very-long-board-name-here\/image\.js +123456 +23456 +655$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe('image attribution by source', () => {
  it('counts each function and each byte for the source file its source map names, folded to a depth on request', () => {
    const bundle = new Bundle();
    bundle.addSource({ filename: 'src/mqtt/a.ts', content: new MagicString('function a(){return function(){}}\n') });
    bundle.addSource({ filename: 'src/link/b.ts', content: new MagicString('var b=function(x){return x};\n') });
    const code = bundle.toString();
    const map = bundle.generateMap({ hires: true, file: 'image.js', includeContent: false }).toString();
    const shares = attributeImage(code, map);
    // (the bundle's joining newline maps to no source)
    expect(shares.filter((s) => s.source !== '(unmapped)').map((s) => [s.source, s.functions])).toEqual([
      ['src/mqtt/a.ts', 2],
      ['src/link/b.ts', 1],
    ]);
    expect(shares.reduce((n, s) => n + s.bytes, 0)).toBe(code.length);
    expect(attributeImage(code, map, 1).filter((s) => s.functions > 0).map((s) => [s.source, s.functions])).toEqual([['src', 3]]);
    expect(formatShares(shares).split('\n').at(-1)).toMatch(/^total +3 +\d+$/);
  });
});
