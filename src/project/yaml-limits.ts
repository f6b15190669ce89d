import { Parser, type CST } from 'yaml';

/**
 * Deepest nesting of YAML collections that compose-lint reads. The `yaml`
 * package composes nodes recursively: with Node.js 20's default stack,
 * yaml 2.9 overflows at about 800 nested flow sequences. It catches the
 * overflow, but parsing such a text a second time in one process aborted
 * the process in testing, with V8's "RegExpCompiler Allocation failed -
 * process out of memory". The loader's own walks recurse too. 200 levels
 * keep all of them far from the stack limit, and compose files rarely nest
 * more than 10 levels.
 *
 * NOTE: Compose reads up to 10,000 levels (go-yaml v3's `max_flow_level`
 * and `max_indents`), so a file nested between the two limits is valid for
 * Compose but not read here.
 */
export const maxNestingDepth = 200;

/**
 * Returns the offset of the first collection nested deeper than
 * `maxNestingDepth` in `text`, or `undefined` when there is none. The
 * parser that splits the text into tokens keeps its own stack, so this check
 * is safe at any depth, and it takes time linear in the text.
 */
export function findExcessiveNesting(text: string): number | undefined {
  return findExcessiveNestingInTokens([...new Parser().parse(text)]);
}

/** Same as `findExcessiveNesting`, over the tokens of the text. */
export function findExcessiveNestingInTokens(tokens: readonly CST.Token[]): number | undefined {
  let first: number | undefined;
  const pending: Array<{ token: CST.Token | null | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));

  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token === null || token === undefined) continue;
    if (token.type === 'document') {
      pending.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;

    if (depth >= maxNestingDepth) {
      if (first === undefined || token.offset < first) first = token.offset;
      continue;
    }
    for (const item of token.items) {
      pending.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
    }
  }
  return first;
}

/**
 * Characters that Compose's YAML reader (go-yaml v3, `yaml_parser_update_buffer`)
 * rejects: control characters other than tab, line feed, carriage return
 * and U+0085, and the noncharacters U+FFFE and U+FFFF. The `yaml` package
 * accepts them all.
 */
const forbiddenCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

/**
 * Returns the offset and description of the first character in `text` that
 * makes Compose reject the file, or `undefined` when there is none. The text
 * comes from decoding the file as UTF-8, where each byte sequence that is not
 * UTF-8 became U+FFFD.
 *
 * NOTE: a U+FFFD written as valid UTF-8 is reported too, although Compose
 * accepts it, because the decoded text cannot tell the two apart.
 */
export function findForbiddenCharacter(text: string): { offset: number; message: string } | undefined {
  const forbidden = forbiddenCharacter.exec(text);
  const replaced = text.indexOf('\uFFFD');
  if (forbidden === null && replaced === -1) return undefined;

  if (forbidden === null || (replaced !== -1 && replaced < forbidden.index)) {
    return { offset: replaced, message: 'invalid UTF-8: bytes that are not UTF-8 start here, and Compose reads only UTF-8 compose files' };
  }
  const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return { offset: forbidden.index, message: `character U+${code} is not allowed: Compose rejects control characters in a compose file` };
}
