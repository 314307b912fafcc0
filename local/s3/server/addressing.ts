/** Which bucket and key a request names: path-style (`/bucket/key`) or virtual-hosted (`bucket.localhost:9000/key`). */
export interface S3Address {
  bucket?: string;
  key?: string;
  style: 'path' | 'virtual-hosted';
  query: URLSearchParams;
  /** The path as sent, still percent-encoded (for signatures). */
  rawPath: string;
}

/** Host suffixes under which a leading label names a bucket. */
const VIRTUAL_HOST_SUFFIXES = ['.localhost', '.s3.localhost.localstack.cloud', '.s3.amazonaws.com', '.s3.us-east-1.amazonaws.com'];

export function resolveAddress(url: string, host: string | undefined): S3Address {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart >= 0 ? url.slice(0, queryStart) : url;
  const query = new URLSearchParams(queryStart >= 0 ? url.slice(queryStart + 1) : '');
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const suffix = VIRTUAL_HOST_SUFFIXES.find((s) => hostname.endsWith(s) && hostname.length > s.length);
  const path = decodePath(rawPath);
  if (suffix) {
    const key = path.slice(1);
    return { bucket: hostname.slice(0, -suffix.length), key: key || undefined, style: 'virtual-hosted', query, rawPath };
  }
  const slash = path.indexOf('/', 1);
  const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  return { bucket: bucket || undefined, key: key || undefined, style: 'path', query, rawPath };
}

function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
