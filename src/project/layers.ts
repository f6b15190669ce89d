import type { SourceRange } from '../source.js';
import type { InlineDockerfile, KeyedEntry, Located } from './types.js';

/**
 * What one YAML document says about a service, before documents and files
 * are merged. A field left out of the document is `undefined`, so that the
 * merge keeps the value of an earlier document.
 */
export interface ServiceLayer {
  name: string;
  nameRange: SourceRange;
  image?: Located<string>;
  platform?: Located<string>;
  profiles?: Located<string>[];
  build?: BuildLayer;
  /** The `provider` value, which stands in for `image` and `build`; the model does not cover it further. */
  provider?: SourceRange;
}

/** What one YAML document says about a service's `build`. */
export interface BuildLayer {
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
