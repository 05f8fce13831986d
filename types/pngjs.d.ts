/** The part of pngjs (https://github.com/pngjs/pngjs, PNG.sync) used to read uploaded PNG photos; it ships no types. */
declare module 'pngjs' {
  export const PNG: {
    sync: {
      /** any colour type and bit depth, as 8-bit RGBA */
      read(buffer: Buffer): { width: number; height: number; data: Buffer };
      write(png: { width: number; height: number; data: Buffer }): Buffer;
    };
  };
}
