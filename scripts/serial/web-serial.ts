// The part of the W3C Web Serial `SerialPort` that esptool-js's Transport uses (spec/toolchain.md §6: open,
// close, readable, writable, setSignals, getInfo, and setBaudRate when present). Both the Node adapter over the
// `serialport` package and the ROM-bootloader test double's fake port implement it.

export interface WebSerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

export interface WebSerialInfo {
  usbVendorId?: number;
  usbProductId?: number;
}

export interface WebSerialOpenOptions {
  baudRate: number;
  dataBits?: number;
  stopBits?: number;
  parity?: string;
  bufferSize?: number;
  flowControl?: string;
}

export interface WebSerialPortLike {
  /** Bytes from the device; null while closed. */
  readonly readable: ReadableStream<Uint8Array> | null;
  /** Bytes to the device; null while closed. */
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: WebSerialOpenOptions): Promise<void>;
  close(): Promise<void>;
  /** Only the signals given change; the others keep their state. Rejects once the port is closed. */
  setSignals(signals: WebSerialSignals): Promise<void>;
  getInfo(): WebSerialInfo;
  /** Changes the baud rate without closing the port (esptool-js's BaudRateConfigurablePort). */
  setBaudRate?(baudRate: number): Promise<void>;
}

/** Signal state as a port tracks it: defined values of `change` replace those of `state`. */
export function mergeSignals(
  state: Required<WebSerialSignals>,
  change: WebSerialSignals,
): Required<WebSerialSignals> {
  return {
    dataTerminalReady: change.dataTerminalReady ?? state.dataTerminalReady,
    requestToSend: change.requestToSend ?? state.requestToSend,
    break: change.break ?? state.break,
  };
}
