// The virtual ESP32: the real firmware image in the Espruino profile, with Espruino's modules emulated
// (./vm/*.js over Storage, Node sockets and the host map), reached through a serial port that speaks the
// Espruino REPL. Power-on and resets run the boot code from Storage (spec/espruino.md §1a); the Storage
// lives in a backing file and survives reboots and process restarts.
import { EspruinoProfile, ProfileError, type ProfileMemory } from '../profile';
import { BootSequence, type ResetMode } from './boot';
import { buildHostFunctions } from './host-functions';
import { DEFAULT_MAC, formatMac, serialFromMac } from './identity';
import { DEFAULT_NATIVE_HEAP_BYTES, NativeHeap } from './native-heap';
import { VirtualNetwork } from './network';
import { ReplLine } from './repl';
import { VirtualSerialPort } from './serial-port';
import { openBackedStorage } from './storage-backing';
import { ESP32_STORAGE_BYTES, type StorageModel } from './storage-model';
import { ESPRUINO_VERSION_LINE, type PowerState, type VirtualEsp32Options } from './options';
import { installVmModules } from './vm-modules';
import { WallClock } from './wall-clock';

export class VirtualEsp32 {
  readonly serial: VirtualSerialPort;
  /** The board's flash, host-side (tests and tools read and seed it directly). */
  readonly storage: StorageModel;
  /** "aa:bb:cc:dd:ee:ff" */
  readonly mac: string;
  /** What getSerial() returns. */
  readonly serialNumber: string;
  readonly heap: NativeHeap;

  private vm: EspruinoProfile | undefined;
  private state: PowerState = 'off';
  private bootCount = 0;
  private readonly input: Uint8Array[] = [];
  private pendingReset: { mode: ResetMode; file?: string } | undefined;
  private pumpQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private virtualElapsed = 0;
  private transcript = '';
  private readonly lines: string[] = [];
  private readonly repl: ReplLine;
  private readonly network: VirtualNetwork;
  private readonly wall: WallClock;
  private readonly bootSequence = new BootSequence();

  constructor(readonly options: VirtualEsp32Options) {
    this.mac = formatMac(options.mac ?? DEFAULT_MAC);
    this.serialNumber = serialFromMac(this.mac);
    this.storage = openBackedStorage(options.storageDir, options.storageBytes ?? ESP32_STORAGE_BYTES);
    this.heap = new NativeHeap(options.nativeHeapBytes ?? DEFAULT_NATIVE_HEAP_BYTES);
    this.serial = new VirtualSerialPort((bytes) => this.receive(bytes));
    this.wall = new WallClock(options.wallClock ?? 'sntp', () => this.monotonicMs());
    this.repl = new ReplLine({
      evaluate: (code) => this.evaluate(code),
      write: (text) => this.transmit(text),
      version: () => ESPRUINO_VERSION_LINE,
    });
    const hostMap = options.hostMap;
    this.network = new VirtualNetwork({
      hostMap: typeof hostMap === 'function' ? hostMap : () => hostMap,
      resolveUnmapped: options.resolveUnmapped,
      connectTimeoutMs: options.connectTimeoutMs,
      heap: this.heap,
      print: (line) => this.consoleLine(line),
      notify: () => this.schedule(),
    });
  }

  /** Power on (does nothing while already on). Resolves once the boot code has run. */
  async boot(): Promise<void> {
    if (this.state !== 'off') return;
    this.wall.powerOn();
    await this.restart({ mode: 'power-on' });
  }

  /** A hard reset, like the EN button or E.reboot(): RAM cleared, sockets dropped, boot code runs again. */
  async reboot(): Promise<void> {
    if (this.state === 'off') return this.boot();
    await this.restart({ mode: 'power-on' });
  }

  /** Power removed: the program stops, sockets drop, the clock forgets SNTP. Storage stays. */
  powerOff(): void {
    this.stopVm();
    this.state = 'off';
    this.input.splice(0);
    this.repl.clear();
  }

  /** Powers off and closes the serial port. */
  dispose(): void {
    this.powerOff();
    this.serial.hangUp();
  }

  get powerState(): PowerState {
    return this.state;
  }

  /** The running engine (undefined while off). */
  profile(): EspruinoProfile | undefined {
    return this.vm;
  }

  memory(): ProfileMemory | undefined {
    return this.vm?.memory();
  }

  /** Everything sent on the serial port since construction (latin1 text). */
  output(): string {
    return this.transcript;
  }

  /** Console lines printed since construction (program output, banner, errors; not REPL echo). */
  consoleLines(): string[] {
    return [...this.lines];
  }

  /** Virtual clock: lets `ms` pass, firing the timers due. */
  advance(ms: number): void {
    if (this.state !== 'running' || !this.vm) return;
    this.vm.advance(ms);
    this.afterEntry();
  }

  /** Sets Date.now() to real time (what SNTP does). */
  syncTime(epochMs?: number): void {
    this.wall.sync(epochMs);
  }

  /** Open Node sockets of the running program. */
  openSockets(): number {
    return this.network.openSockets();
  }

  // ---- boot ------------------------------------------------------------------------------------------

  private async restart(reset: { mode: ResetMode; file?: string }): Promise<void> {
    this.stopVm();
    this.state = 'booting';
    this.repl.clear();
    this.bootCount++;
    const vm = await EspruinoProfile.create({
      board: 'ESP32',
      clock: this.options.clock ?? 'real',
      ...(this.options.seed !== undefined ? { seed: this.options.seed + this.bootCount - 1 } : {}),
      ...(this.options.memoryLimitBytes !== undefined ? { memoryLimitBytes: this.options.memoryLimitBytes } : {}),
      ...(this.options.maxRunMs !== undefined ? { maxRunMs: this.options.maxRunMs } : {}),
      allowGlobals: this.options.allowGlobals ?? [],
      onPrint: (line) => this.consoleLine(line),
      onReboot: () => this.requestReset('power-on'),
    });
    if (this.state !== 'booting') {
      vm.dispose(); // powered off meanwhile
      return;
    }
    this.vm = vm;
    installVmModules(vm, buildHostFunctions(this.hostContext()));
    this.consoleLine('');
    this.consoleLine(` ${ESPRUINO_VERSION_LINE} (virtual board, MAC ${this.mac})`);
    this.consoleLine('');
    this.bootSequence.run(vm, this.storage, reset.mode, reset.file, (line) => this.consoleLine(line));
    this.state = vm.fatalError() ? 'halted' : 'running';
    this.afterEntry();
  }

  private stopVm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingReset = undefined;
    this.network.closeAll();
    if (this.vm) {
      if (this.options.clock === 'virtual') this.virtualElapsed += this.vm.now();
      this.vm.dispose();
      this.vm = undefined;
    }
  }

  private requestReset(mode: ResetMode, file?: string): void {
    this.pendingReset ??= { mode, ...(file !== undefined ? { file } : {}) };
    this.schedule();
  }

  private hostContext() {
    return {
      storage: this.storage,
      network: this.network,
      heap: this.heap,
      wall: this.wall,
      mac: this.mac,
      serialNumber: this.serialNumber,
      wifi: this.options.wifi ?? {},
      requestReset: (mode: ResetMode, file?: string) => this.requestReset(mode, file),
      afterSntp: () => setImmediate(() => this.wall.sync()),
    };
  }

  // ---- the idle loop ---------------------------------------------------------------------------------

  private receive(bytes: Uint8Array): void {
    // A powered-off UART hears nothing: bytes sent now are lost, not kept for the next boot.
    if (this.state === 'off') return;
    this.input.push(bytes);
    this.schedule();
  }

  private schedule(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** One pass of Espruino's idle loop: console input, socket events, due timers, then the prompt. */
  private pump(): void {
    const vm = this.vm;
    if (this.state !== 'running' || !vm) return;
    while (this.input.length > 0 && !this.pendingReset) {
      const bytes = this.input[0]!;
      const used = this.repl.feed(bytes, () => this.pendingReset !== undefined || vm.fatalError() !== undefined);
      if (used < bytes.length) this.input[0] = bytes.subarray(used);
      else this.input.shift();
      if (vm.fatalError()) break;
    }
    for (const event of this.pendingReset ? [] : this.network.takeEvents()) {
      this.callVm('__vboard.netEvent', event.id, event.type, event.payload);
      if (this.pendingReset || vm.fatalError()) break;
    }
    if (!this.pendingReset && !vm.fatalError() && this.options.clock !== 'virtual') vm.runTimers();
    this.afterEntry();
  }

  /** After VM work: a reset it asked for, an out-of-memory, the prompt, the next wake-up. */
  private afterEntry(): void {
    const vm = this.vm;
    if (!vm) return;
    if (this.pendingReset) {
      const reset = this.pendingReset;
      void this.restart(reset);
      return;
    }
    const fatal = vm.fatalError();
    if (fatal && this.state === 'running') {
      this.state = 'halted';
      this.consoleLine(`${fatal.name}: ${fatal.message}`);
      this.consoleLine('The virtual ESP32 has stopped: reboot it to continue.');
    }
    if (this.state !== 'running') return;
    this.repl.idle();
    if (this.input.length > 0) this.schedule();
    clearTimeout(this.timer);
    this.timer = undefined;
    const wait = this.options.clock === 'virtual' ? undefined : vm.msUntilNextTimer();
    if (wait !== undefined) this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wait)));
  }

  private evaluate(code: string): { text?: string; error?: string } {
    try {
      return (this.vm!.call('__vboard.repl', code) as { text?: string; error?: string }) ?? {};
    } catch (error) {
      return { error: error instanceof ProfileError ? `Uncaught ${error.vmError.name}: ${error.vmError.message}` : String(error) };
    }
  }

  private callVm(fn: string, ...args: unknown[]): void {
    try {
      this.vm!.call(fn, ...args);
    } catch (error) {
      if (error instanceof ProfileError && !this.vm!.fatalError()) {
        this.consoleLine(`Uncaught ${error.vmError.name}: ${error.vmError.message}`);
      } else if (!(error instanceof ProfileError)) throw error;
    }
  }

  // ---- output ----------------------------------------------------------------------------------------

  private consoleLine(line: string): void {
    this.lines.push(line);
    this.options.onLine?.(line);
    this.repl.print(line);
  }

  private transmit(text: string): void {
    this.transcript += text;
    this.serial.transmit(text);
  }

  private monotonicMs(): number {
    if (this.options.clock === 'virtual') return this.virtualElapsed + (this.vm?.now() ?? 0);
    return performance.now();
  }
}

/** A virtual ESP32, powered off: call boot(). */
export function createVirtualEsp32(options: VirtualEsp32Options): VirtualEsp32 {
  return new VirtualEsp32(options);
}

/** Creates a virtual ESP32 and powers it on. */
export async function startVirtualEsp32(options: VirtualEsp32Options): Promise<VirtualEsp32> {
  const board = new VirtualEsp32(options);
  await board.boot();
  return board;
}
