import type { SourceRange } from '../source.js';
import type { InlineDockerfile, KeyedEntry, Located } from './types.js';

/**
 * Compose's YAML tags for merging (compose-go `loader/reset.go`): `!reset`
 * removes the earlier value and this one, `!override` replaces the earlier
 * value instead of merging with it.
 */
export type MergeTag = 'reset' | 'override';

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
  platform?: Located<string>;
  profiles?: Located<string>[];
  build?: BuildLayer;
  /** The `provider` value, which replaces `image` and `build`. The model does not cover it further. */
  provider?: SourceRange;
  /** The `extends` value. */
  extends?: SourceRange;
}

/** The fields one YAML document sets on a service's `build`. */
export interface BuildLayer {
  /** Tags on the fields of the long form, by YAML key. */
  fieldTags: Map<string, MergeTag>;
  range: SourceRange;
  keyRange: SourceRange;
  shortForm: boolean;
  context?: Located<string>;
  dockerfile?: Located<string>;
  dockerfileInline?: InlineDockerfile;
  target?: Located<string>;
  args?: KeyedEntry[];
  additionalContexts?: KeyedEntry[];
  platforms?: Located<string>[];
  tags?: Located<string>[];
}
