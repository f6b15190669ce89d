import type { Finding } from '../engine/finding.js';
import type { Position, SourceRange } from '../source.js';

/**
 * A loaded value and the range of the YAML node it was written in. A value
 * that a service reaches through a YAML alias (`*name`) or merge key
 * (`<<: *name`) is located at that alias, where the service uses it, and
 * `anchor` is the range of the value in the anchored node it came from.
 */
export interface Located<T> {
  value: T;
  range: SourceRange;
  /** Range of the anchored value, when the value came through an alias or merge key. */
  anchor?: SourceRange;
}

/**
 * One entry of a map-or-list field such as `build.args` or
 * `build.additional_contexts`. In list form (`- KEY=value`) the key and value
 * ranges are the parts of the one scalar.
 */
export interface KeyedEntry {
  key: string;
  keyRange: SourceRange;
  /** `undefined` for a valueless list entry (`- KEY`) or a null map value. */
  value: string | undefined;
  /** The value's part of the scalar; where the value would be when it is missing. */
  valueRange: SourceRange;
  /**
   * Range of the anchored entry, when the entry came through an alias or
   * merge key. `keyRange` and `valueRange` are then the range of that alias.
   */
  anchor?: SourceRange;
  /**
   * Absolute path of an `additional_contexts` value that is a local directory;
   * unset for build args and for URLs, `service:` and `docker-image://` values.
   */
  contextPath?: string;
}

/** A `dockerfile_inline` value and the map from its text back into the compose file. */
export interface InlineDockerfile {
  text: string;
  range: SourceRange;
  /** Range of the anchored text, when it came through an alias or merge key. `locate` maps into it. */
  anchor?: SourceRange;
  /** Position in the compose file of an offset into `text`. */
  locate(offset: number): Position;
}

export interface BuildConfig {
  /**
   * The `build` value: the scalar of the short form or the mapping of the
   * long form. With several files, it is the one of the last file that sets `build`.
   */
  range: SourceRange;
  keyRange: SourceRange;
  /** Range of the anchored `build` value, when the service reaches it through an alias. */
  anchor?: SourceRange;
  /** True when every file that sets `build` writes it as a string. */
  shortForm: boolean;
  /** The context as written after interpolation; `.` when it was left out. */
  context: Located<string>;
  contextDefaulted: boolean;
  /** Absolute path of a local context; `undefined` for a remote one (URL, git). */
  contextPath: string | undefined;
  dockerfile: Located<string> | undefined;
  /**
   * Absolute path of the Dockerfile for a local context without
   * `dockerfile_inline`; `Dockerfile` in the context when `dockerfile` is unset.
   */
  dockerfilePath: string | undefined;
  dockerfileInline: InlineDockerfile | undefined;
  target: Located<string> | undefined;
  args: KeyedEntry[];
  additionalContexts: KeyedEntry[];
  /** `build.labels`: labels of the built image. */
  labels: KeyedEntry[];
  platforms: Located<string>[];
  tags: Located<string>[];
  /** Names of the top-level secrets the build uses (`build.secrets`, short form or `source`). */
  secrets: Located<string>[];
}

export interface Service {
  name: string;
  /** The service's key under `services:`. */
  nameRange: SourceRange;
  image: Located<string> | undefined;
  build: BuildConfig | undefined;
  platform: Located<string> | undefined;
  profiles: string[];
}

export interface ComposeProject {
  name: string;
  /** Project directory: relative paths in the compose files resolve against it. */
  workingDir: string;
  /** Absolute paths of the compose files, in load order. */
  composeFiles: string[];
  /** Variables used for interpolation: the process environment over `.env`. */
  environment: Record<string, string>;
  /**
   * The services to lint: every service when no profile is active, because
   * a linter checks the whole project, else only those `enabledServices` names.
   */
  services: Service[];
  /** Profiles from `--profile`, else from `COMPOSE_PROFILES`; empty when none is given. */
  activeProfiles: string[];
  /**
   * Names of the services Compose enables under `activeProfiles`: those
   * without profiles, with an active profile, or all of them for `*`.
   */
  enabledServices: string[];
  /** Services that the active profiles disable; empty when no profile is given. */
  disabledServices: Service[];
  /** `-` since Compose v2.8; `_` for Compose v1, earlier v2 and `--compatibility`. */
  imageSeparator: '-' | '_';
  /** Problems found while loading, such as YAML syntax errors; loading goes on past them. */
  findings: Finding[];
}

/** Options of a load, as the command line gives them. */
export interface LoadOptions {
  /** A project directory or a compose file; defaults to the current directory. */
  path?: string;
  /** `-f` files, in order; `-` reads the compose file from `stdin`. */
  files?: string[];
  /** Text of standard input, read for a `-f -` file. Paths then resolve against the current directory. */
  stdin?: string;
  projectDirectory?: string;
  projectName?: string;
  /** `--compatibility`: name built images `<project>_<service>`, as Compose v1 did. */
  compatibility?: boolean;
  /** `--profile` values; they replace `COMPOSE_PROFILES`. */
  profiles?: string[];
  /** `--env-file` paths, relative to the current directory; they replace `COMPOSE_ENV_FILES` and `.env`. */
  envFiles?: string[];
}

/** The image name Compose gives a built service that sets no `image:`. */
export function imageName(project: ComposeProject, service: Service): string {
  return service.image?.value ?? `${project.name}${project.imageSeparator}${service.name}`;
}
