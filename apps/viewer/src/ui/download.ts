/**
 * Saving bytes as a file, from the page: a Blob URL and an <a download>, the
 * only way a static page can hand the user a file (nothing is uploaded).
 */
export function saveBytes(
  name: string,
  bytes: Uint8Array,
  type = 'application/octet-stream'
): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started once click() returns; the URL can go after this task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
