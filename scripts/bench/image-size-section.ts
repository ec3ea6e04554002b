// Image size per board, raw and gzip -9, of the images `npm run bench` builds first (dist/<board>/image.js).

import { loadBoards, boardsWithImages } from '../build/boards';
import { measureImages } from '../build/size';
import { projectRoot } from '../project-root';
import type { BenchSection } from './types';

export const imageSizeSection: BenchSection = {
  name: 'imageSize',
  title: 'Image size per board (minified ES5 after the Espruino pass)',
  async run() {
    const boards = boardsWithImages(await loadBoards(projectRoot)).map((b) => b.name);
    const sizes = measureImages(projectRoot, boards);
    const missing = boards.filter((b) => !sizes.some((s) => s.board === b));
    if (missing.length > 0) throw new Error(`no image for ${missing.join(', ')}: run npm run build first`);
    const figures: Record<string, number> = {};
    for (const s of sizes) {
      figures[`${s.board}RawBytes`] = s.raw;
      figures[`${s.board}GzipBytes`] = s.gzip;
      figures[`${s.board}Functions`] = s.functions;
    }
    return {
      table: { columns: ['board', 'raw bytes', 'gzip bytes', 'functions (≈8 JsVars each on Espruino)'], rows: sizes.map((s) => [s.board, s.raw, s.gzip, s.functions]) },
      figures,
      json: sizes,
    };
  },
};
