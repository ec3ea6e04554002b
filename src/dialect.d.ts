// The ES2015+ library subset that Espruino 2v29 really implements (../shared/spec/espruino.md §1g),
// declared on top of lib.es5 so device code may use exactly these and nothing else.
// Anything missing here (Array.from, Number.isInteger, Math.trunc, lastIndexOf, Map, Set, Promise, ...)
// is missing on the board too, and the image gate rejects it.

interface ObjectConstructor {
  assign<T extends object, U>(target: T, source: U): T & U;
  entries<T>(o: { [key: string]: T }): [string, T][];
  values<T>(o: { [key: string]: T }): T[];
  setPrototypeOf(o: object, proto: object | null): object;
}

interface String {
  startsWith(searchString: string, position?: number): boolean;
  endsWith(searchString: string, endPosition?: number): boolean;
  includes(searchString: string, position?: number): boolean;
  repeat(count: number): string;
  padStart(maxLength: number, fillString?: string): string;
}

interface Array<T> {
  find(predicate: (value: T, index: number, obj: T[]) => boolean): T | undefined;
  findIndex(predicate: (value: T, index: number, obj: T[]) => boolean): number;
  fill(value: T, start?: number, end?: number): this;
}

interface Math {
  sign(x: number): number;
}
