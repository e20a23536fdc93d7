// Hands a file made in the page to the browser as a download: the exports (audit trail, EPCIS) are GraphQL answers,
// since the gateway authenticates only on /graphql, so the file is made here and saved under its name.
export function saveFile(fileName: string, content: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The browser has the bytes once the download started; the URL is let go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
