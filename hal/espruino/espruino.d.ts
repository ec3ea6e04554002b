// The project's trimmed Espruino typings: only what aliot's firmware and hal/espruino bind.
// (@types/espruino lacks Storage/tls/net/crypto and clashes with Node types; see spec/espruino.md §6.)

/** Prints its arguments, space-separated, on the console. */
declare function print(...args: unknown[]): void;

/** Present only in the Espruino-profile runner: records memory in use at a named point. */
declare var __aliotMark: ((name: string) => void) | undefined;
