/**
 * Photos made safe to keep: decoded, turned upright, shrunk so the longest side is at most the
 * rule's, and encoded again as a plain baseline JPEG. Only pixels survive: the EXIF block (with
 * its GPS position, the phone's make and the time taken), XMP, ICC profiles, comments and PNG text
 * chunks are never copied, because nothing but the decoded pixels reaches the encoder (jpeg-js
 * writes a bare JFIF header; its `comments` option is left empty). Pure: bytes in, bytes out.
 *
 * Why JPEG for every photo, PNG screenshots included: one format to keep and show, and a photo of a
 * pothole kept as PNG at 1600 px would weigh several megabytes to download on a village's weak
 * signal, where the same as JPEG is a few hundred kilobytes; transparency is laid on white.
 */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

export interface CleanRules {
  /** the longest side kept, in pixels */
  maxSide: number;
  /** JPEG quality of the kept copy (1–100) */
  quality: number;
  /** photos larger than this (megapixels) are refused rather than decoded (a function has little memory) */
  maxMegapixels: number;
}

/** Why a photo cannot be kept: not a JPEG or PNG, broken, or too large to decode. */
export class UnreadablePhoto extends Error {}

interface Pixels {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel */
  data: Uint8Array;
}

const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** The size a photo is kept at: its own when it fits, else scaled so the longest side is `maxSide`. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A JPEG's header segments up to its first scan (SOS): each marker and where the segment lies (`at` its 0xFF, `end` past it). */
function headerSegments(jpeg: Uint8Array): { segments: Array<{ marker: number; at: number; end: number }>; scan: number } | null {
  const segments: Array<{ marker: number; at: number; end: number }> = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!;
    if (marker === 0xda) return { segments, scan: at }; // image data starts: no more metadata
    if (marker === 0xd9) break;
    const end = at + 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
    if (end > jpeg.length) break;
    segments.push({ marker, at, end });
    at = end;
  }
  return null;
}

/**
 * The EXIF orientation (1–8) of a JPEG, from its APP1 `Exif` segment (TIFF IFD0 tag 0x0112), or 1.
 * Phones store a photo sideways and say so here; once the tag is gone the pixels must be upright.
 */
export function exifOrientation(jpeg: Uint8Array): number {
  const exif = headerSegments(jpeg)?.segments.find(({ marker, at }) => marker === 0xe1 && String.fromCharCode(...jpeg.subarray(at + 4, at + 8)) === 'Exif');
  if (!exif) return 1;
  const tiff = exif.at + 10;
  const little = jpeg[tiff] === 0x49;
  const u16 = (p: number) => (little ? jpeg[p]! | (jpeg[p + 1]! << 8) : (jpeg[p]! << 8) | jpeg[p + 1]!);
  const u32 = (p: number) => (little ? u16(p) + u16(p + 2) * 65536 : u16(p) * 65536 + u16(p + 2));
  const ifd = tiff + u32(tiff + 4);
  const entries = ifd + 2 <= jpeg.length ? u16(ifd) : 0;
  for (let i = 0; i < entries && ifd + 2 + i * 12 + 12 <= jpeg.length; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Segments a photo needs to be drawn: its tables, frame and restart interval, JFIF and Adobe's colour transform (APP0, APP14). */
const DRAWING = new Set([0xe0, 0xee, 0xdb, 0xc4, 0xdd, 0xc0, 0xc1]);

/**
 * The JPEG without its metadata, bytes copied, when nothing else needs changing: a baseline photo
 * already within `maxSide`, standing upright, whose scan carries no segment after it. Every header
 * segment not needed to draw it (EXIF and its GPS, XMP, ICC, comments, makers' notes) is left out.
 * Null when the photo must be decoded instead (too large, turned, progressive, or anything unusual).
 * The mini-program shrinks photos before they are uploaded, so most take this way: milliseconds
 * where decoding takes seconds.
 */
export function strippedJpeg(jpeg: Uint8Array, maxSide: number): Buffer | null {
  if (!isJpeg(jpeg) || exifOrientation(jpeg) !== 1) return null;
  const header = headerSegments(jpeg);
  const frame = header?.segments.find((s) => s.marker === 0xc0 || s.marker === 0xc1);
  if (!header || !frame || header.segments.some((s) => s.marker === 0xc2)) return null;
  const height = (jpeg[frame.at + 5]! << 8) | jpeg[frame.at + 6]!;
  const width = (jpeg[frame.at + 7]! << 8) | jpeg[frame.at + 8]!;
  if (!width || !height || Math.max(width, height) > maxSide) return null;
  const rest = jpeg.subarray(header.scan);
  // inside a scan 0xFF is followed by 0x00 (stuffing) or a restart marker: any other segment after it is refused
  const scanHeader = 2 + ((rest[2]! << 8) | rest[3]!);
  for (let i = scanHeader; i + 1 < rest.length; i++) {
    if (rest[i] !== 0xff) continue;
    const next = rest[i + 1]!;
    const allowed = next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7) || (next === 0xd9 && i + 2 === rest.length);
    if (!allowed) return null;
  }
  const kept = header.segments.filter((s) => DRAWING.has(s.marker)).map((s) => jpeg.subarray(s.at, s.end));
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...kept, rest]);
}

/** The pixels turned as EXIF orientation `o` says, so they stand upright without it. */
export function upright(p: Pixels, o: number): Pixels {
  if (o <= 1 || o > 8) return p;
  const { width: w, height: h, data } = p;
  const swap = o >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // where source (x, y) lands, per orientation (TIFF 6.0, tag 274)
      const [X, Y] =
        o === 2
          ? [w - 1 - x, y]
          : o === 3
            ? [w - 1 - x, h - 1 - y]
            : o === 4
              ? [x, h - 1 - y]
              : o === 5
                ? [y, x]
                : o === 6
                  ? [h - 1 - y, x]
                  : o === 7
                    ? [h - 1 - y, w - 1 - x]
                    : [y, w - 1 - x];
      out.set(data.subarray((y * w + x) * 4, (y * w + x) * 4 + 4), (Y * W + X) * 4);
    }
  }
  return { width: W, height: H, data: out };
}

/** For each target index along one axis: the source indices it covers (`from`..`to` in `index`) and how much of each (`weight`), area averaging. */
function spans(from: number, to: number): { start: Int32Array; index: Int32Array; weight: Float64Array } {
  const step = from / to;
  const start = new Int32Array(to + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < to; i++) {
    start[i] = index.length;
    const lo = i * step;
    const hi = lo + step;
    for (let s = Math.floor(lo); s < hi && s < from; s++) {
      const w = Math.min(hi, s + 1) - Math.max(lo, s);
      if (w > 1e-9) {
        index.push(s);
        weight.push(w / step);
      }
    }
  }
  start[to] = index.length;
  return { start, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/**
 * The pixels shrunk to `width` × `height` by area averaging (each target pixel the mean of the
 * source area it covers: no aliasing when shrinking), transparency laid on white.
 */
export function shrink(p: Pixels, width: number, height: number): Pixels {
  const xs = spans(p.width, width);
  const ys = spans(p.height, height);
  const src = p.data;
  const out = new Uint8Array(width * height * 4);
  // one target row at a time: the source rows it covers, each averaged across first
  const row = new Float64Array(width * 3);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let k = ys.start[y]!; k < ys.start[y + 1]!; k++) {
      const base = ys.index[k]! * p.width * 4;
      const wy = ys.weight[k]!;
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let m = xs.start[x]!; m < xs.start[x + 1]!; m++) {
          const i = base + xs.index[m]! * 4;
          const wx = xs.weight[m]!;
          const a = src[i + 3]!;
          if (a === 255) {
            r += src[i]! * wx;
            g += src[i + 1]! * wx;
            b += src[i + 2]! * wx;
          } else {
            const white = 255 - a;
            r += ((src[i]! * a) / 255 + white) * wx;
            g += ((src[i + 1]! * a) / 255 + white) * wx;
            b += ((src[i + 2]! * a) / 255 + white) * wx;
          }
        }
        row[x * 3] += r * wy;
        row[x * 3 + 1] += g * wy;
        row[x * 3 + 2] += b * wy;
      }
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = Math.round(row[x * 3]!);
      out[o + 1] = Math.round(row[x * 3 + 1]!);
      out[o + 2] = Math.round(row[x * 3 + 2]!);
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

function decoded(bytes: Uint8Array, rules: CleanRules): Pixels {
  try {
    if (isJpeg(bytes)) {
      const img = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: rules.maxMegapixels, maxMemoryUsageInMB: 512 });
      return upright(img, exifOrientation(bytes));
    }
    if (isPng(bytes)) {
      const img = PNG.sync.read(Buffer.from(bytes));
      if (img.width * img.height > rules.maxMegapixels * 1e6) throw new Error('too large');
      return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length) };
    }
  } catch (err) {
    throw new UnreadablePhoto(err instanceof Error ? err.message : String(err));
  }
  throw new UnreadablePhoto('not a JPEG or PNG');
}

/** A JPEG of the photo's pixels alone, upright, its longest side at most `rules.maxSide`. Throws UnreadablePhoto. */
export function cleanPhoto(bytes: Uint8Array, rules: CleanRules): Buffer {
  const stripped = strippedJpeg(bytes, rules.maxSide);
  if (stripped) return stripped;
  const source = decoded(bytes, rules);
  const size = fitWithin(source.width, source.height, rules.maxSide);
  // shrinking also lays transparency on white, so even a photo of the right size passes through it
  const pixels = shrink(source, size.width, size.height);
  return encodeJpeg({ width: pixels.width, height: pixels.height, data: pixels.data }, rules.quality).data;
}
