import { describe, expect, it } from 'vitest';
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
