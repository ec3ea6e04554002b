// The part of cli-progress 3.12 (CommonJS, no bundled types) that scripts/cli/progress.ts uses.
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    stopOnComplete?: boolean;
    noTTYOutput?: boolean;
    barsize?: number;
    autopadding?: boolean;
  }
  class SingleBar {
    update(value: number, payload?: Record<string, unknown>): void;
    setTotal(total: number): void;
    stop(): void;
  }
  class MultiBar {
    constructor(options: BarOptions, preset?: unknown);
    create(total: number, start: number, payload?: Record<string, unknown>): SingleBar;
    stop(): void;
  }
  const Presets: { shades_classic: unknown; shades_grey: unknown; rect: unknown; legacy: unknown };
  const cliProgress: { MultiBar: typeof MultiBar; Presets: typeof Presets };
  export default cliProgress;
}
