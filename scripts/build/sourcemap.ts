import remapping from '@jridgewell/remapping';

/**
 * Chains the Espruino pass's map (final image → bundle) onto the bundler's map (bundle → TypeScript),
 * giving one map from the final image to the TypeScript sources.
 */
export function chainMaps(passMap: string, bundleMap: string): string {
  const combined = remapping([passMap, bundleMap], () => null);
  return combined.toString();
}

/** The map as written next to dist/<board>/image.js: sources resolve from that directory to the project. */
export function mapForDist(map: string, imageFile: string): string {
  const parsed = JSON.parse(map) as { sourceRoot?: string; file?: string };
  parsed.sourceRoot = '../../';
  parsed.file = imageFile;
  return JSON.stringify(parsed);
}
