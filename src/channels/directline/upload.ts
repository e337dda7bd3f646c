/**
 * Files a resident sends through Direct Line (Web Chat's paperclip): `POST …/conversations/:id/upload?userId=` with
 * multipart/form-data, as botframework-directlinejs sends it: an optional part `activity`
 * (application/vnd.microsoft.activity, the activity as JSON) and one part per file. Photos only (what a melding needs;
 * Web Chat shows them as pictures, accessibly, where other files get a download card that fails WCAG), recognised by
 * their first bytes (not by what the client claims), at most MAX_FILES of at most MAX_FILE_BYTES each. They are stored
 * beside the state file under a random name and served back at `/v3/directline/attachments/<name>`, so Web Chat can
 * show them and the bot can keep the link with a report.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Request } from 'restify';
import { ByteLimit } from '../byteLimit';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_FILES = 3;
/** The whole request: the files, the activity and multipart overhead. */
const MAX_REQUEST_BYTES = MAX_FILES * MAX_FILE_BYTES + 256 * 1024;

/** What each kind of file starts with, and how it is stored and served. */
const KINDS: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/gif', ext: 'gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { type: 'image/webp', ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'image/heic', ext: 'heic', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(b.subarray(8, 12).toString('latin1')) },
];
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|gif|webp|heic)$/;

export interface UploadedFile { name: string; type: string; bytes: Buffer }

export type UploadResult =
  | { ok: true; activity: Record<string, unknown> | undefined; files: UploadedFile[] }
  | { ok: false; status: number; code: string; message: string };

const refuse = (status: number, code: string, message: string): UploadResult => ({ ok: false, status, code, message });

/** Reads and checks an upload request; never throws for bad input. */
export async function readUpload(req: Request): Promise<UploadResult> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType)) return refuse(415, 'BadArgument', 'send the files as multipart/form-data');
  if (Number(req.headers['content-length']) > MAX_REQUEST_BYTES) return refuse(413, 'MessageSizeTooBig', `at most ${MAX_FILES} files of at most 5 MB each`);
  let form: FormData;
  try {
    form = await new Response(Readable.toWeb(req.pipe(new ByteLimit(MAX_REQUEST_BYTES, () => Object.assign(new Error('the upload is too large'), { code: 'too_large' })))) as ReadableStream, { headers: { 'content-type': contentType } }).formData();
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code === 'too_large' || (e as { code?: string }).code === 'too_large') return refuse(413, 'MessageSizeTooBig', `at most ${MAX_FILES} files of at most 5 MB each`);
    return refuse(400, 'BadArgument', 'the multipart body could not be read');
  }
  let activity: Record<string, unknown> | undefined;
  const files: UploadedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value === 'string') continue;
    const bytes = Buffer.from(await value.arrayBuffer());
    if (field === 'activity') {
      try {
        const parsed: unknown = JSON.parse(bytes.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse(400, 'BadArgument', 'the "activity" part must be a JSON object');
        activity = parsed as Record<string, unknown>;
      } catch {
        return refuse(400, 'BadArgument', 'the "activity" part is not valid JSON');
      }
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) return refuse(413, 'MessageSizeTooBig', `"${shortName(value.name)}" is larger than 5 MB`);
    const kind = KINDS.find((k) => k.test(bytes));
    if (!kind) return refuse(415, 'BadArgument', `"${shortName(value.name)}" is not a photo (JPEG, PNG, GIF, WebP or HEIC)`);
    files.push({ name: shortName(value.name), type: kind.type, bytes });
  }
  if (files.length === 0) return refuse(400, 'MissingProperty', 'the upload has no file');
  if (files.length > MAX_FILES) return refuse(413, 'MessageSizeTooBig', `at most ${MAX_FILES} files at once`);
  return { ok: true, activity, files };
}

/** Stores a checked file under a random name; returns that name. */
export async function storeUpload(dir: string, file: UploadedFile): Promise<string> {
  const kind = KINDS.find((k) => k.type === file.type)!;
  const stored = `${randomUUID()}.${kind.ext}`;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, stored), file.bytes, { flag: 'wx' });
  return stored;
}

/** A stored file by its name, with its type; undefined for names we never gave out. */
export async function readStored(dir: string, name: string): Promise<{ type: string; bytes: Buffer } | undefined> {
  const m = STORED_NAME.exec(name);
  if (!m) return undefined;
  try {
    return { type: KINDS.find((k) => k.ext === m[1])!.type, bytes: await readFile(join(dir, name)) };
  } catch {
    return undefined;
  }
}

/** A file name fit to show: no path, no control characters, at most 100 characters. */
function shortName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return [...(base || 'bestand')].slice(0, 100).join('');
}
