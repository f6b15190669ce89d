import { isAbsolute, join, resolve } from 'node:path';

/** Base directories for relative paths: the directory a document's paths resolve against, and the home directory for `~`. */
export interface PathBase {
  directory: string;
  home: string | undefined;
}

/**
 * Checks whether a build context is a Git repository or URL that the builder
 * fetches. compose-go `paths/context.go` keeps such contexts verbatim.
 */
export function isRemoteContext(context: string): boolean {
  const remotePrefixes = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];
  return context.includes('://') || remotePrefixes.some((prefix) => context.startsWith(prefix));
}

/**
 * Checks whether an `additional_contexts` value names something other than a
 * local directory: a remote context, `docker-image://…`, `oci-layout://…` or
 * `service:<name>`.
 */
export function isNonLocalAdditionalContext(value: string): boolean {
  return isRemoteContext(value) || value.startsWith('service:');
}

/**
 * Resolves a local path written in a compose file. `~` expands to the home
 * directory, and a relative path resolves against the base directory, as
 * compose-go `paths/resolve.go` does.
 */
export function resolveLocalPath(base: PathBase, path: string): string {
  const expanded = path.startsWith('~') && base.home ? join(base.home, path.slice(1)) : path;
  return isAbsolute(expanded) ? expanded : resolve(base.directory, expanded);
}
