// The ESP32's IDF heap outside Espruino's JsVars. On ESP32 mbedtls takes each TLS socket's buffers from
// here, not from JsVars (spec/espruino.md §1b: MBEDTLS_SSL_MAX_CONTENT_LEN 16 KB, "over double this =
// 32kB memory for just a single connection"; mbedtls_ssl_setup failed "Not enough memory" with ≈37 KB
// free, espruino/Espruino#1613). process.memory() therefore does not move when a TLS socket opens;
// ESP32.getState().freeHeap does.

/** What one TLS socket takes from the native heap (two 16 KB record buffers plus the SSL context). */
export const TLS_SOCKET_HEAP_BYTES = 38 * 1024;
/**
 * Native heap free after boot with Wi-Fi up: the default ESP_HEAP_SIZE reserve of 40000 bytes plus what
 * the Wi-Fi stack leaves; with this default exactly one TLS socket fits (§1b: plan for one at a time).
 */
export const DEFAULT_NATIVE_HEAP_BYTES = 60 * 1024;

export class NativeHeap {
  private freeBytes: number;
  private lowest: number;

  constructor(readonly totalBytes: number = DEFAULT_NATIVE_HEAP_BYTES) {
    this.freeBytes = totalBytes;
    this.lowest = totalBytes;
  }

  /** Takes one TLS socket's buffers; the bytes taken, or 0 when they do not fit. */
  allocateTls(): number {
    if (this.freeBytes < TLS_SOCKET_HEAP_BYTES) return 0;
    this.freeBytes -= TLS_SOCKET_HEAP_BYTES;
    this.lowest = Math.min(this.lowest, this.freeBytes);
    return TLS_SOCKET_HEAP_BYTES;
  }

  free(bytes: number): void {
    this.freeBytes = Math.min(this.totalBytes, this.freeBytes + bytes);
  }

  /** ESP32.getState().freeHeap / minHeap. */
  state(): { freeHeap: number; minHeap: number } {
    return { freeHeap: this.freeBytes, minHeap: this.lowest };
  }
}
