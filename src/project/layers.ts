import type { SourceRange } from '../source.js';
import type { InlineDockerfile, KeyedEntry, Located } from './types.js';

/**
 * Compose's YAML tags for merging (compose-go `loader/reset.go`): `!reset`
 * removes the earlier value and this one, `!override` replaces the earlier
 * value instead of merging with it.
 */
export type MergeTag = 'reset' | 'override';

/** A located path value and the absolute path it resolves to; `path` is unset for a remote value. */
export interface PathValue extends Located<string> {
  path: string | undefined;
}

/**
 * The entries of `build.args` or `build.additional_contexts` that one
 * document or a merge of documents sets.
 */
export interface KeyedLayer {
  entries: KeyedEntry[];
  /**
   * True while the value is the mapping form of one document. Compose turns
   * values merged from two documents into a `KEY=VALUE` list, and a later
   * `!reset` on one key removes nothing from such a list.
   */
  isMapping: boolean;
  /** Keys tagged `!reset` in this document, which remove the earlier entry of that key. */
  resetKeys: string[];
}

/** `extends: service` or `extends: {service, file}`. */
export interface ExtendsLayer {
  service: Located<string>;
  /** `extends.file`, resolved against the directory of the document that wrote it. */
  file: PathValue | undefined;
  /** The whole `extends` value. */
  range: SourceRange;
}

/**
 * The fields one YAML document sets on a service, before documents and files
 * are merged. A field left out of the document is `undefined`, so that the
 * merge keeps the value of an earlier document.
 */
export interface ServiceLayer {
  name: string;
  nameRange: SourceRange;
  /** The tag on the service itself. */
  mergeTag?: MergeTag;
  /** Tags on the service's fields, by YAML key. */
  fieldTags: Map<string, MergeTag>;
  image?: Located<string>;
  /**
   * True when `image` or `build` is written but could not be read, because
   * it failed to interpolate or has the wrong type. That is reported
   * already, so the service is not also reported for lacking both.
   */
  sourceFailed?: boolean;
  platform?: Located<string>;
  profiles?: Located<string>[];
  build?: BuildLayer;
  /** The `provider` value, which replaces `image` and `build`. The model does not cover it further. */
  provider?: SourceRange;
  /** The `extends` value, until the loader applies it. */
  extends?: ExtendsLayer;
  /** True when `extends` could not be applied and was reported, so the service may lack inherited fields. */
  extendsFailed?: boolean;
}

/** The fields one YAML document sets on a service's `build`. */
export interface BuildLayer {
  /** Tags on the fields of the long form, by YAML key. */
  fieldTags: Map<string, MergeTag>;
  range: SourceRange;
  keyRange: SourceRange;
  anchor?: SourceRange;
  shortForm: boolean;
  context?: PathValue;
  /**
   * The directory that the default context `.` resolves against, when an
   * included project left `context` out. Compose fills the default in when
   * it finishes loading a project, so it is the project directory of the
   * file that wrote `build`, unless `extends` carried the build elsewhere.
   */
  defaultContextPath?: string;
  dockerfile?: Located<string>;
  dockerfileInline?: InlineDockerfile;
  target?: Located<string>;
  args?: KeyedLayer;
  additionalContexts?: KeyedLayer;
  labels?: KeyedLayer;
  platforms?: Located<string>[];
  tags?: Located<string>[];
  secrets?: Located<string>[];
}

/** One entry of the top-level `include` list. */
export interface IncludeLayer {
  /** The files to load, merged in order; the first sets the default project directory. */
  paths: PathValue[];
  projectDirectory: PathValue | undefined;
  /** Env files for interpolation; `undefined` means `<project directory>/.env` when it exists. */
  envFiles: PathValue[] | undefined;
  /** The whole entry. */
  range: SourceRange;
}
