// The code a guide shows, as a reader copies it: every fenced block that follows a
// `<!-- journey: <name> -->` comment (invisible on GitHub and on the docs site), by name.

/**
 * The marked blocks of a Markdown guide: `<!-- journey: server.ts -->` then a fenced block gives
 * `server.ts` → the block's text.
 *
 * @example
 * ```ts
 * const blocks = journeyBlocks(readFileSync('docs/getting-started.md', 'utf8'));
 * writeFileSync('server.ts', blocks.get('server.ts') ?? '');
 * ```
 */
export function journeyBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const [, name = '', code = ''] of markdown.matchAll(
    /<!-- journey: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g,
  ))
    blocks.set(name, `${code}\n`);
  return blocks;
}
