/**
 * Image reference parsing and normalization with the results of Docker's
 * `github.com/distribution/reference` v0.6 (`ParseNormalizedNamed`,
 * `TagNameOnly`, `FamiliarString`), which BuildKit uses for `FROM` names and
 * named-context keys.
 *
 * Grammar, as that library defines it:
 *
 *   reference   := name [ ":" tag ] [ "@" digest ]
 *   name        := [ domain "/" ] path
 *   domain      := host [ ":" port ]        (components may use uppercase)
 *   path        := component [ "/" component ]*
 *   component   := [a-z0-9]+ ( separator [a-z0-9]+ )*, separator := . | _ | __ | -+
 *   tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest      := algorithm ":" hex
 */

import { memoized } from '../memo.js';

export interface ImageReference {
  /**
   * Registry host with optional port: `docker.io` for Docker Hub, or empty
   * when the first path component is no valid host, as in `my_registry.com/app`.
   */
  domain: string;
  /** Repository path inside the registry, such as `library/alpine`. */
  path: string;
  tag: string | undefined;
  /** `algorithm:hex`, such as `sha256:…`. */
  digest: string | undefined;
}

const defaultDomain = 'docker.io';
const legacyDefaultDomain = 'index.docker.io';
const officialRepositoryPrefix = 'library/';
const defaultTag = 'latest';

/** Maximum length of a repository path, as distribution/reference checks it. */
const maxPathLength = 255;

const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const repositoryPath = `${pathComponent}(?:/${pathComponent})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const referenceExpression = new RegExp(
  `^((?:${domainAndPort}/)?${repositoryPath})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
const nameExpression = new RegExp(`^(?:(${domainAndPort})/)?(${repositoryPath})$`);

/** A bare image ID, which `ParseNormalizedNamed` rejects as a name. */
const identifierExpression = /^[a-f0-9]{64}$/;

/**
 * Hex lengths of the digest algorithms that go-digest accepts when Go's
 * `crypto/sha256` and `crypto/sha512` are linked, as they are in BuildKit.
 * Only lowercase hex is valid.
 */
const digestHexLengths: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/**
 * Parses `text` as `ParseNormalizedNamed` does. Returns `undefined` for an
 * invalid reference: empty text, uppercase in the repository path, characters
 * the grammar does not allow, a bare 64-hex-digit image ID, or an unknown or
 * malformed digest.
 */
export function parseImageReference(text: string): ImageReference | undefined {
  return computeOnce(parsedReferences, text, parseUncached);
}

/**
 * Results by reference text. A large project compares the same few names
 * thousands of times, and the grammar's regular expressions and the
 * formatting dominate the run time without them. The results are strings
 * and frozen objects, so sharing them is safe.
 */
const parsedReferences = new Map<string, ImageReference | undefined>();
const normalizedNames = new Map<string, string | undefined>();
const contextKeys = new Map<string, string | undefined>();
const cacheLimit = 10_000;

/** Returns `compute(text)` from `cache`, computing it on first use. A full cache is emptied, which bounds its memory. */
function computeOnce<T>(cache: Map<string, T>, text: string, compute: (text: string) => T): T {
  return memoized(cache, text, (key) => {
    if (cache.size >= cacheLimit) cache.clear();
    return compute(key);
  });
}

function parseUncached(text: string): ImageReference | undefined {
  if (text === '' || identifierExpression.test(text)) return undefined;

  const [domain, remainder] = splitDockerDomain(text);

  // The repository part must be lowercase. The grammar checks everything
  // after the first `:` (tag or digest).
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return undefined;

  const match = referenceExpression.exec(`${domain}/${remainder}`);
  if (match === null) return undefined;
  const [, name = '', tag, digest] = match;

  const nameMatch = nameExpression.exec(name);
  const parsedDomain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? name;
  if (path.length > maxPathLength) return undefined;
  if (digest !== undefined && !isSupportedDigest(digest)) return undefined;

  return Object.freeze({ domain: parsedDomain, path, tag, digest });
}

/**
 * Returns the fully qualified name with the implicit `:latest` when there is
 * neither tag nor digest: `alpine` becomes `docker.io/library/alpine:latest`.
 * Returns `undefined` for an invalid reference.
 */
export function normalizedImageName(text: string): string | undefined {
  return computeOnce(normalizedNames, text, (name) => {
    const reference = parseImageReference(name);
    return reference === undefined ? undefined : formatReference(withDefaultTag(reference));
  });
}

/**
 * Returns the short form Docker prints (`FamiliarString`): without
 * `docker.io/`, and without `library/` for official images.
 */
export function familiarName(reference: ImageReference): string {
  let domain = reference.domain;
  let path = reference.path;
  if (domain === defaultDomain) {
    domain = '';
    const official = path.startsWith(officialRepositoryPrefix) ? path.slice(officialRepositoryPrefix.length) : undefined;
    if (official !== undefined && !official.includes('/')) path = official;
  }
  return formatReference({ ...reference, domain, path });
}

/**
 * Returns the key BuildKit looks up among named contexts (`context:<key>`)
 * for a `FROM` or `--from` name: the familiar form after `TagNameOnly`, with a
 * trailing `:latest` removed. `docker.io/library/app:latest` gives `app`,
 * `app:v1` stays `app:v1`. Returns `undefined` for an invalid reference.
 *
 * BuildKit never looks up `scratch` or `context` as named contexts; callers
 * that resolve names must handle those first.
 */
export function namedContextKey(text: string): string | undefined {
  return computeOnce(contextKeys, text, (name) => {
    const reference = parseImageReference(name);
    if (reference === undefined) return undefined;

    const familiar = familiarName(withDefaultTag(reference));
    const latestSuffix = `:${defaultTag}`;
    return familiar.endsWith(latestSuffix) ? familiar.slice(0, -latestSuffix.length) : familiar;
  });
}

/** Returns whether both texts are valid references with the same `normalizedImageName`. */
export function sameImage(a: string, b: string): boolean {
  const first = normalizedImageName(a);
  return first !== undefined && first === normalizedImageName(b);
}

/**
 * Splits off the registry domain as `splitDockerDomain` does. The first
 * component is a domain when it is `localhost`, contains `.` or `:`, or has
 * uppercase letters (repository paths cannot). A single component is always
 * a Docker Hub path, so a bare `localhost` is the image `library/localhost`.
 */
function splitDockerDomain(text: string): [domain: string, remainder: string] {
  const slash = text.indexOf('/');
  if (slash === -1) return [defaultDomain, officialRepositoryPrefix + text];

  const first = text.slice(0, slash);
  const rest = text.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (first === legacyDefaultDomain) {
    [domain, remainder] = [defaultDomain, rest];
  } else if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remainder] = [first, rest];
  } else {
    [domain, remainder] = [defaultDomain, text];
  }

  if (domain === defaultDomain && !remainder.includes('/')) remainder = officialRepositoryPrefix + remainder;
  return [domain, remainder];
}

function isSupportedDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  const expectedLength = digestHexLengths.get(digest.slice(0, colon));
  const hex = digest.slice(colon + 1);
  return expectedLength !== undefined && hex.length === expectedLength && /^[a-f0-9]+$/.test(hex);
}

/** Applies `TagNameOnly`: a reference with neither tag nor digest gets `latest`. */
function withDefaultTag(reference: ImageReference): ImageReference {
  if (reference.tag !== undefined || reference.digest !== undefined) return reference;
  return { ...reference, tag: defaultTag };
}

/** Formats a reference, leaving out an empty domain. */
function formatReference(reference: ImageReference): string {
  let text = reference.domain === '' ? reference.path : `${reference.domain}/${reference.path}`;
  if (reference.tag !== undefined) text += `:${reference.tag}`;
  if (reference.digest !== undefined) text += `@${reference.digest}`;
  return text;
}
