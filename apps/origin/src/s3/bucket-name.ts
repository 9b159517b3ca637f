// S3 bucket names, checked once when buckets are configured (Amazon S3 User Guide,
// "General purpose bucket naming rules"), so every configured name is one S3 could have.

const PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `name` is not a valid S3 bucket name, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters long, got ${name.length}`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots (.) and hyphens (-)';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with '${prefix}'`;
  const suffix = SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with '${suffix}'`;
  return undefined;
}
