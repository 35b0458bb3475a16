// Every link of the built docs site, checked against the files the build wrote: a page that is not
// there, or an anchor that no element of the page carries, is a broken link. VitePress checks the
// Markdown links between pages as it builds; this also covers anchors, the navigation and the links
// the API reference generates.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Every `.html` file under `folder`. */
export function htmlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.html'))
    .map((name) => join(folder, name));
}

/** The broken links of the site built into `site`, as `page → href` lines. */
export function brokenLinks(site: string): string[] {
  const idsOf = new Map<string, Set<string>>();
  const ids = (file: string): Set<string> => {
    let found = idsOf.get(file);
    if (found === undefined) {
      found = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
      idsOf.set(file, found);
    }
    return found;
  };
  const broken = new Set<string>();
  for (const page of htmlFiles(site)) {
    for (const [, rawHref = ''] of readFileSync(page, 'utf8').matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
      const href = rawHref.replaceAll('&amp;', '&');
      if (/^([a-z]+:|\/\/)/i.test(href)) continue; // another site
      const [path = '', hash = ''] = href.split('#');
      let target = path === '' ? page : path.startsWith('/') ? join(site, path) : join(dirname(page), path);
      target = decodeURIComponent(target);
      if (target.endsWith('/')) target = join(target, 'index.html');
      const missing = !existsSync(target) || (hash !== '' && !ids(target).has(decodeURIComponent(hash)));
      if (missing) broken.add(`${relative(site, page)} → ${href}`);
    }
  }
  return [...broken].sort();
}
