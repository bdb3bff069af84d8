/**
 * Saves data the app already holds as a file, with no second request: a Blob behind a temporary
 * object URL, clicked through a detached <a download>. The URL is revoked afterwards, on the next
 * task, so the browser has started the download before the blob may be freed.
 */
export function downloadFile(filename: string, contents: string, type: string): void {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "2026-03-12" for today on this device: a file name sorts by date and says when it was made. */
export function localDateStamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
