import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Options of {@link startS3LocalEndpoint}. */
export interface S3LocalEndpointOptions {
  /** Local folders standing for buckets, by bucket name (keys are `/`-separated relative paths). */
  readonly buckets: Readonly<Record<string, string>>;
  /** Keys per ListObjectsV2 page at most (S3: 1000), small to make the client page. @default 1000 */
  readonly pageSize?: number;
  /** Keys DeleteObjects reports as not deleted (`AccessDenied`) instead of deleting them. */
  readonly undeletableKeys?: ReadonlySet<string>;
}

/** One request the endpoint received. */
export interface S3LocalRequest {
  readonly operation: 'ListObjectsV2' | 'GetObject' | 'PutObject' | 'DeleteObjects' | 'Unsupported';
  readonly bucket: string;
  readonly key?: string;
  /** Content-Type of a PutObject. */
  readonly contentType?: string;
  /** Keys a DeleteObjects asked to delete. */
  readonly deleteKeys?: readonly string[];
}

/** A running local S3 endpoint. */
export interface S3LocalEndpoint {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_S3` or the client's `endpoint` option (an IP: path-style addressing). */
  readonly endpoint: string;
  readonly requests: S3LocalRequest[];
  close(): Promise<void>;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const xmlUnescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const etagOf = (body: Buffer): string => `"${crypto.createHash('md5').update(body).digest('hex')}"`;

function errorXml(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>local</RequestId></Error>`);
}

/** Every file under `root` as a key (relative, `/`-separated), sorted in key order as S3 lists. */
function keysOf(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/**
 * A small S3-protocol endpoint over local folders, for tests of code that uses the real
 * `@aws-sdk/client-s3` over real HTTP: path-style ListObjectsV2 (paged with continuation tokens),
 * GetObject (NoSuchKey / NoSuchBucket as S3 answers them), PutObject and DeleteObjects (XML body,
 * per-key Errors). Requests are not authenticated. ETags are MD5 of the content, as for
 * single-part uploads.
 */
export async function startS3LocalEndpoint(options: S3LocalEndpointOptions): Promise<S3LocalEndpoint> {
  const pageSize = options.pageSize ?? 1000;
  const requests: S3LocalRequest[] = [];

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map((segment) => decodeURIComponent(segment)).join('/');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const root = options.buckets[bucket];
    if (root === undefined) {
      requests.push({ operation: 'Unsupported', bucket });
      return errorXml(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    }
    const file = (k: string): string => path.join(root, ...k.split('/'));

    if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
      requests.push({ operation: 'ListObjectsV2', bucket });
      const prefix = url.searchParams.get('prefix') ?? '';
      const after = url.searchParams.get('continuation-token');
      const max = Math.min(pageSize, Number(url.searchParams.get('max-keys') ?? pageSize));
      const matching = keysOf(root).filter((k) => k.startsWith(prefix) && (after === null || k > Buffer.from(after, 'base64').toString('utf8')));
      const page = matching.slice(0, max);
      const truncated = matching.length > page.length;
      const contents = page
        .map((k) => {
          const stat = fs.statSync(file(k));
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${stat.mtime.toISOString()}</LastModified><ETag>${xmlEscape(etagOf(fs.readFileSync(file(k))))}</ETag><Size>${stat.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join('');
      const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1)!, 'utf8').toString('base64')}</NextContinuationToken>` : '';
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${after === null ? '' : `<ContinuationToken>${xmlEscape(after)}</ContinuationToken>`}${next}${contents}</ListBucketResult>`,
      );
      return;
    }
    if (req.method === 'GET' && key !== '') {
      requests.push({ operation: 'GetObject', bucket, key });
      if (!fs.existsSync(file(key)) || !fs.statSync(file(key)).isFile()) return errorXml(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      const content = fs.readFileSync(file(key));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length, etag: etagOf(content) });
      res.end(content);
      return;
    }
    if (req.method === 'PUT' && key !== '') {
      requests.push({ operation: 'PutObject', bucket, key, contentType: req.headers['content-type'] });
      fs.mkdirSync(path.dirname(file(key)), { recursive: true });
      fs.writeFileSync(file(key), body);
      res.writeHead(200, { etag: etagOf(body) });
      res.end();
      return;
    }
    if (req.method === 'POST' && key === '' && url.searchParams.has('delete')) {
      const keys = [...body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1]!));
      requests.push({ operation: 'DeleteObjects', bucket, deleteKeys: keys });
      if (keys.length > 1000) return errorXml(res, 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
      const quiet = /<Quiet>true<\/Quiet>/.test(body.toString('utf8'));
      const results = keys.map((k) => {
        if (options.undeletableKeys?.has(k)) return `<Error><Key>${xmlEscape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`;
        fs.rmSync(file(k), { force: true });
        return quiet ? '' : `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`;
      });
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${results.join('')}</DeleteResult>`);
      return;
    }
    requests.push({ operation: 'Unsupported', bucket, key });
    errorXml(res, 501, 'NotImplemented', `${req.method} ${req.url} is not implemented by the local S3 endpoint`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => errorXml(res, 500, 'InternalError', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
