// The esp32 firmware image for the board-in-the-loop tests: dist/esp32/image.js as `npm run build` leaves it,
// built here when a bare `vitest run` finds none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../scripts/project-root';

export const ESP32_IMAGE = join(projectRoot, 'dist', 'esp32', 'image.js');

export async function esp32Image(): Promise<string> {
  if (!existsSync(ESP32_IMAGE)) {
    const { boardsWithImages, loadBoards } = await import('../../../scripts/build/boards');
    const { buildImages } = await import('../../../scripts/build/pipeline');
    const result = await buildImages(projectRoot, boardsWithImages(await loadBoards(projectRoot), ['esp32']));
    if (!result.ok) throw new Error(`building dist/esp32/image.js failed:\n${result.errors.join('\n')}`);
  }
  return readFileSync(ESP32_IMAGE).toString('latin1');
}
