// A short, printable look at a payload for the event stream.

const PREVIEW_CHARS = 96;

export function previewPayload(payload: Buffer): string {
  const text = payload.subarray(0, PREVIEW_CHARS * 4).toString('utf8');
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '·');
  return printable.length > PREVIEW_CHARS ? printable.slice(0, PREVIEW_CHARS) + '…' : printable;
}
