/** The text fields of a multipart/form-data body (files skipped): how grammY uploads a photo. */
export function parseMultipartFields(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  const fields: Record<string, string> = {};
  if (!boundary) return fields;
  for (const part of body.toString('latin1').split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, headerEnd);
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (headerEnd < 0 || !name || /filename=/.test(headers)) continue;
    const value = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    fields[name] = Buffer.from(value, 'latin1').toString('utf8');
  }
  return fields;
}
