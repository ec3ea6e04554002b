import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BoardDescriptor } from '../../hal/types';

/** Every board descriptor in boards/ (each file's default export that looks like one), sorted by name. */
export async function loadBoards(root: string): Promise<BoardDescriptor[]> {
  const dir = path.join(root, 'boards');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts');
  const boards: BoardDescriptor[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    if (isBoard(mod.default)) boards.push(mod.default);
  }
  return boards.sort((a, b) => a.name.localeCompare(b.name));
}

/** The boards that have a firmware image, optionally only those named. */
export function boardsWithImages(boards: BoardDescriptor[], only?: string[]): BoardDescriptor[] {
  const withImage = boards.filter((b) => b.image !== undefined);
  if (!only || only.length === 0) return withImage;
  const unknown = only.filter((n) => !withImage.some((b) => b.name === n));
  if (unknown.length > 0) {
    const known = withImage.map((b) => b.name).join(', ');
    throw new Error(`no board with an image named ${unknown.join(', ')} (boards with images: ${known})`);
  }
  return withImage.filter((b) => only.includes(b.name));
}

function isBoard(value: unknown): value is BoardDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<BoardDescriptor>;
  return typeof v.name === 'string' && typeof v.binding === 'string' && typeof v.sizes === 'object';
}
