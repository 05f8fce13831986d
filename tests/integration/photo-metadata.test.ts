/**
 * Photos without location: whatever people attach is kept only as a copy shrunk to
 * RULES.photos.maxSide and encoded again without metadata, the upload itself deleted. The photo
 * sent here is a JPEG made for the test, carrying an EXIF block with GPS tags.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from 'jpeg-js';
import { RULES } from '../../config/rules';
import type { Briefing, CaseRecord, Representative } from '../../types/domain';
import { cleanPhoto, exifOrientation, strippedJpeg } from '../../src/server/images';
import { checked, getAll, getById } from '../../src/server/store';
import { keptPhotoPath } from '../../src/server/usecases/photos';
import { OFFICE, startHarness, submission, tempDir, WANG, type Harness } from '../harness';

/** Little-endian TIFF words. */
const u16 = (n: number) => [n & 0xff, n >> 8];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
/** 30°39'12.34"N 104°4'56.78"E as EXIF rationals: the bytes that would tell where the photo was taken. */
const rationals = (parts: Array<[number, number]>) => Buffer.from(parts.flatMap(([n, d]) => [...u32(n), ...u32(d)]));
const LATITUDE = rationals([
  [30, 1],
  [39, 1],
  [1234, 100],
]);
const LONGITUDE = rationals([
  [104, 1],
  [4, 1],
  [5678, 100],
]);

/**
 * An APP1 `Exif` segment: IFD0 with Orientation and a GPSInfo pointer; the GPS IFD with
 * GPSLatitudeRef/GPSLatitude and GPSLongitudeRef/GPSLongitude (TIFF offsets from the header).
 */
function exifSegment(orientation: number): Buffer {
  const entry = (tag: number, type: number, count: number, value: number[]) => [...u16(tag), ...u16(type), ...u32(count), ...value];
  const ifd0At = 8;
  const gpsAt = ifd0At + 2 + 2 * 12 + 4;
  const dataAt = gpsAt + 2 + 4 * 12 + 4;
  const ifd0 = [...u16(2), ...entry(0x0112, 3, 1, [...u16(orientation), 0, 0]), ...entry(0x8825, 4, 1, u32(gpsAt)), ...u32(0)];
  const gps = [
    ...u16(4),
    ...entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),
    ...entry(0x0002, 5, 3, u32(dataAt)),
    ...entry(0x0003, 2, 2, [0x45, 0, 0, 0]),
    ...entry(0x0004, 5, 3, u32(dataAt + 24)),
    ...u32(0),
  ];
  const tiff = Buffer.concat([Buffer.from([0x49, 0x49, ...u16(42), ...u32(ifd0At)]), Buffer.from(ifd0), Buffer.from(gps), LATITUDE, LONGITUDE]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  return Buffer.concat([Buffer.from([0xff, 0xe1, ...[(body.length + 2) >> 8, (body.length + 2) & 0xff]]), body]);
}

/** A `width` × `height` JPEG (a smooth gradient) with the EXIF segment above right after its start. */
function photoWithGps(width: number, height: number, orientation = 1): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([(x * 255) / width, (y * 255) / height, 128, 255], (y * width + x) * 4);
  const jpeg = encode({ width, height, data }, 80).data;
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(orientation), jpeg.subarray(2)]);
}

/** The JPEG markers before the image data (APP1 = 0xe1). */
function markers(jpeg: Buffer): number[] {
  const out: number[] = [];
  for (let at = 2; at + 4 <= jpeg.length && jpeg[at] === 0xff; at += 2 + jpeg.readUInt16BE(at + 2)) {
    out.push(jpeg[at + 1]!);
    if (jpeg[at + 1] === 0xda) break;
  }
  return out;
}

const upload = async (h: Harness, openid: string, body: Buffer): Promise<string> => {
  const res = await fetch(`${h.base}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-lianxin-openid': openid },
    body: new Uint8Array(body),
  });
  return ((await res.json()) as { data: { url: string } }).data.url;
};

let h: Harness;
let uploads: string;
beforeEach(async () => {
  uploads = tempDir('lianxin-photo-metadata-');
  h = await startHarness({ uploadsDir: uploads });
});
afterEach(() => h.stop());

const onDisk = (fileId: string) => join(uploads, fileId.slice('/uploads/'.length));

it('keeps a request’s photo shrunk to 1600 px with no EXIF or GPS left, deletes the upload, and a retried send keeps the same copy', async () => {
  const original = photoWithGps(2400, 1200);
  // the photo as made does carry its position
  expect(markers(original)).toContain(0xe1);
  expect([original.includes(LATITUDE), original.includes(LONGITUDE), original.includes(Buffer.from('Exif'))]).toEqual([true, true, true]);

  const raw = await upload(h, WANG, original);
  expect(existsSync(onDisk(raw))).toBe(true);
  const event = submission({ photos: [raw] });
  const sent = await h.ok<{ id: string }>('resident', event, WANG);
  const record = (await getById<CaseRecord>(h.runtime.db, 'cases', sent.id))!;
  expect(record.photos).toEqual([`/uploads/${keptPhotoPath(raw, sent.id)}`]);
  // WeChat's image check is asked about the copy that is kept
  expect(record.photoChecks.map((c) => c.photo)).toEqual(record.photos);

  const kept = readFileSync(onDisk(record.photos[0]!));
  expect(markers(kept)).not.toContain(0xe1);
  expect([kept.includes(Buffer.from('Exif')), kept.includes(LATITUDE), kept.includes(LONGITUDE)]).toEqual([false, false, false]);
  const { width, height } = decode(kept);
  expect(Math.max(width, height)).toBeLessThanOrEqual(RULES.photos.maxSide);
  expect([width, height]).toEqual([1600, 800]);
  // the upload, with its GPS, is gone; nobody can cite it again
  expect(existsSync(onDisk(raw))).toBe(false);

  // the same send again (a lost answer, a double tap): the same case and photo, nothing made twice
  const before = readdirSync(join(uploads, 'kept'));
  const again = await h.ok<{ id: string; created: boolean }>('resident', event, WANG);
  expect([again.id, again.created]).toEqual([sent.id, false]);
  expect((await getById<CaseRecord>(h.runtime.db, 'cases', sent.id))!.photos).toEqual(record.photos);
  expect(readdirSync(join(uploads, 'kept'))).toEqual(before);
  // and the photo the case shows opens as the clean copy
  const view = await h.ok<{ photos: Array<{ url: string }> }>('case', { action: 'detail', caseId: sent.id }, WANG);
  expect(Buffer.from(await (await fetch(`${h.base}${view.photos[0]!.url}`)).arrayBuffer()).equals(kept)).toBe(true);
});

it('keeps a briefing’s pictures the same way: no EXIF or GPS, the upload deleted', async () => {
  const raw = await upload(h, OFFICE, photoWithGps(1200, 900));
  const published = await h.ok<{ id: string }>(
    'briefing',
    { action: 'publish', requestId: 'req-photo-brief', title: '重大事项通报', text: '明年全县安排乡村振兴重点项目十二个', files: [raw], audience: 'all' },
    OFFICE,
  );
  const briefing = (await getById<Briefing>(h.runtime.db, 'briefings', published.id))!;
  expect(briefing.files).toEqual([`/uploads/${keptPhotoPath(raw)}`]);
  const kept = readFileSync(onDisk(briefing.files[0]!));
  expect([markers(kept).includes(0xe1), kept.includes(LATITUDE), kept.includes(LONGITUDE)]).toEqual([false, false, false]);
  // small enough already: kept at its own size
  expect(decode(kept)).toMatchObject({ width: 1200, height: 900 });
  expect(existsSync(onDisk(raw))).toBe(false);
});

it('refuses a file that is no JPEG or PNG photo, writing nothing', async () => {
  const raw = await upload(h, WANG, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a photo')]));
  const before = await h.runtime.db.dump();
  expect(await h.api('resident', submission({ photos: [raw] }), WANG)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fields: { photos: expect.stringContaining('无法读取') } },
  });
  expect((await h.runtime.db.dump()).cases).toEqual(before.cases);
  // left for the resident to replace
  expect(existsSync(onDisk(raw))).toBe(true);
});

describe('a refused send leaves no clean copy behind', () => {
  const keptFiles = () => (existsSync(join(uploads, 'kept')) ? readdirSync(join(uploads, 'kept')) : []);
  const recording = async (openid: string) => {
    const res = await fetch(`${h.base}/api/upload`, {
      method: 'POST',
      headers: { 'content-type': 'audio/webm', 'x-lianxin-openid': openid },
      body: new Uint8Array(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from('voice')])),
    });
    return ((await res.json()) as { data: { url: string } }).data.url;
  };

  it('refuses what the request itself says is wrong (a recording on an anonymous request, the same one twice) before cleaning its photos', async () => {
    const raw = await upload(h, WANG, photoWithGps(800, 600));
    const file = await recording(WANG);
    const anonymous = submission({ photos: [raw], recordings: [{ file, seconds: 3 }], name: undefined, phone: undefined, anonymous: true });
    expect(await h.api('resident', anonymous, WANG)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: expect.any(String) } } });
    const twice = submission({
      photos: [raw],
      recordings: [
        { file, seconds: 3 },
        { file, seconds: 3 },
      ],
    });
    expect(await h.api('resident', twice, WANG)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: expect.any(String) } } });
    expect(keptFiles()).toEqual([]);
    expect(existsSync(onDisk(raw))).toBe(true);
  });

  it('deletes the clean copies when the send fails after they were written, and keeps the upload for the retry', async () => {
    const raw = await upload(h, WANG, photoWithGps(800, 600));
    const card = (await getAll(h.runtime.db.collection<Representative>('representatives').where({ cardCode: 'QX0001' })))[0]!;
    // the card's village is gone from the database: found missing only after the photos were cleaned
    checked(await h.runtime.db.collection('villages').doc(card.villageIds[0]!).remove());
    expect(await h.api('resident', submission({ photos: [raw] }), WANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(keptFiles()).toEqual([]);
    expect(existsSync(onDisk(raw))).toBe(true);
  });
});

it('stands a photo upright by its EXIF orientation before the tag is dropped', () => {
  const sideways = photoWithGps(400, 200, 6);
  expect(exifOrientation(sideways)).toBe(6);
  const kept = cleanPhoto(sideways, RULES.photos);
  expect(decode(kept)).toMatchObject({ width: 200, height: 400 });
  expect(exifOrientation(kept)).toBe(1);
});

it('drops the metadata of a photo already small enough without decoding it: the image data is kept byte for byte', () => {
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0b]), Buffer.from('王大爷家', 'utf8').subarray(0, 9)]);
  const original = photoWithGps(800, 600);
  const withComment = Buffer.concat([original.subarray(0, 2), comment, original.subarray(2)]);
  const kept = strippedJpeg(withComment, RULES.photos.maxSide)!;
  expect(markers(kept)).not.toContain(0xe1);
  expect(markers(kept)).not.toContain(0xfe);
  expect([kept.includes(LATITUDE), kept.includes(LONGITUDE), kept.includes(comment)]).toEqual([false, false, false]);
  // the scan itself is untouched: the same pixels, no loss from encoding again
  const scan = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));
  expect(scan(kept).equals(scan(original))).toBe(true);
  expect(decode(kept)).toMatchObject({ width: 800, height: 600 });
  expect(cleanPhoto(withComment, RULES.photos).equals(kept)).toBe(true);
  // too large, or turned: decoded instead
  expect(strippedJpeg(photoWithGps(2400, 1200), RULES.photos.maxSide)).toBeNull();
  expect(strippedJpeg(photoWithGps(400, 200, 6), RULES.photos.maxSide)).toBeNull();
  // a segment hidden after the image data: decoded instead, so nothing rides along
  const trailing = Buffer.concat([original.subarray(0, original.length - 2), Buffer.from([0xff, 0xe1, 0x00, 0x04, 0x01, 0x02]), original.subarray(-2)]);
  expect(strippedJpeg(trailing, RULES.photos.maxSide)).toBeNull();
  expect(cleanPhoto(trailing, RULES.photos).includes(Buffer.from([0xff, 0xe1]))).toBe(false);
});
