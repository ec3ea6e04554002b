/**
 * The mock board's power switch. A power cut stops the board at once: listeners (clock, network) drop
 * their pending work, and every HAL call fails until the test calls reboot().
 */
export class PowerSwitch {
  private powered = true;
  private readonly cutListeners: Array<() => void> = [];

  get on(): boolean {
    return this.powered;
  }

  /** Registers work to drop when power is cut. */
  onCut(listener: () => void): void {
    this.cutListeners.push(listener);
  }

  cut(): void {
    if (!this.powered) return;
    this.powered = false;
    for (const listener of this.cutListeners) listener();
  }

  restore(): void {
    this.powered = true;
  }
}
