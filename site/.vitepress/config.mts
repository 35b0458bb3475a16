// The docs site (VitePress): docs/ and the generated API reference, with every package's and
// example's README. `pnpm docs:site` builds it into site/.vitepress/dist, `pnpm docs:dev` serves it
// while you write; `npm test` builds it (a broken link fails the build) and searches it in Chromium
// (site/test/docs-site.browser.test.ts).
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { defineConfig } from 'vitepress';

const repository = resolve(import.meta.dirname, '../..');
/** Vue, as VitePress has it: pages outside docs/ cannot find it from where they are. */
const vuePackage = dirname(
  createRequire(createRequire(import.meta.url).resolve('vitepress')).resolve('vue/package.json'),
);

/** Where a source file is on the site: docs/ is the root, every README.md its folder's index. */
function pageOf(sourcePath: string): string {
  return sourcePath.replace(/^docs\//, '').replace(/(^|\/)README\.md$/, '$1index.md');
}

/** A heading's anchor as GitHub makes it: `## 4. The browser side` → `4-the-browser-side`. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The Markdown links between files, as written for reading the repository (relative to the file, a
 * folder meaning its README), turned into links between the site's pages.
 */
function linkToPage(href: string, sourceFile: string): string {
  if (/^([a-z]+:|\/|#)/i.test(href)) return href;
  const [path = '', hash] = href.split('#');
  let target = resolve(dirname(sourceFile), path);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'README.md');
  if (!target.endsWith('.md')) return href;
  const page = pageOf(relative(repository, target));
  return `/${page}${hash === undefined ? '' : `#${hash}`}`;
}

export default defineConfig({
  title: 'OnesID SDK',
  description: 'Log users in with OnesID, from Node backends and browsers',
  srcDir: '..',
  srcExclude: [
    '**/node_modules/**',
    'README.md',
    'site/**',
    '.changeset/**',
    '.tools/**',
    'contract/**',
    'packaging/**',
    'runtimes/**',
    'test-artifacts/**',
    'docs/generated-snippets/**',
    '**/CHANGELOG.md',
    'packages/*/src/**',
    'packages/*/test/**',
    'packages/*/dist/**',
  ],
  rewrites: pageOf,
  markdown: {
    // Anchors as GitHub makes them, which the guides and the generated API reference link to.
    anchor: { slugify: githubSlug },
    config(md) {
      md.core.ruler.push('ones-links-to-pages', (state) => {
        const sourceFile = (state.env.realPath ?? state.env.path) as string;
        for (const block of state.tokens) {
          for (const token of block.children ?? []) {
            const href = token.type === 'link_open' ? token.attrGet('href') : null;
            if (href !== null) token.attrSet('href', linkToPage(href, sourceFile));
          }
        }
      });
    },
  },
  // Pages outside docs/ (the packages' and examples' READMEs) take Vue from here, as docs/ does.
  vite: { resolve: { alias: [{ find: /^vue(?=$|\/)/, replacement: vuePackage }] } },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        miniSearch: {
          searchOptions: {
            // the guides before the API reference for the same words ("redis" finds "More than
            // one instance" first); an export looked up by its name (`makeCibaRequestClient()`,
            // `RedisLoginStore`) still finds its own entry first. VitePress sends this function to
            // the browser as its source: it may use nothing from this file.
            boostDocument: (id: string, term: string, stored?: Record<string, unknown>) => {
              const title = String(stored?.title ?? '');
              const anExport =
                /\(\)$|^[A-Z]/.test(title) && title.toLowerCase().replace(/\(\)$/, '') === term;
              return !id.startsWith('/api/') || anExport ? 1 : 0.02;
            },
          },
        },
      },
    },
    nav: [
      { text: 'Guides', link: '/getting-started.html' },
      { text: 'API', link: '/api/' },
      { text: 'Examples', link: '/examples/' },
    ],
    sidebar: [
      {
        text: 'Start',
        items: [
          { text: 'Getting started', link: '/getting-started.html' },
          { text: 'Add OnesID login to your app', link: '/login-kit.html' },
          {
            text: 'Your framework',
            collapsed: false,
            items: [
              { text: 'Express', link: '/frameworks/express.html' },
              { text: 'NestJS', link: '/frameworks/nestjs.html' },
              { text: 'Fastify', link: '/frameworks/fastify.html' },
              { text: 'Hono', link: '/frameworks/hono.html' },
              { text: 'Next.js', link: '/frameworks/nextjs.html' },
              { text: 'node:http', link: '/frameworks/node-http.html' },
            ],
          },
          { text: 'Where the SDK runs', link: '/runtimes.html' },
          { text: 'The login widget', link: '/widget.html' },
          { text: "The login kit's security model", link: '/login-kit-security.html' },
          { text: 'Migrating to the login kit', link: '/migrating-to-login-kit.html' },
        ],
      },
      {
        text: 'Flows',
        items: [
          { text: 'Browser login', link: '/browser-login.html' },
          { text: 'Device authentication', link: '/device-auth.html' },
          { text: 'CIBA', link: '/ciba.html' },
          { text: 'QR login', link: '/qr-login.html' },
          { text: 'Consent', link: '/consent.html' },
          { text: 'Refresh', link: '/refresh.html' },
          { text: 'validateJwt', link: '/validate-jwt.html' },
          { text: 'UserInfo', link: '/userinfo.html' },
          { text: 'Service accounts', link: '/jwt-bearer-grant.html' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'API reference', link: '/api/' },
          { text: 'Errors', link: '/errors.html' },
          { text: 'Security notes', link: '/security.html' },
          { text: 'Testing your backend', link: '/testing.html' },
          { text: 'Migrating from @pantherx.dev', link: '/migrating-from-pantherx.html' },
        ],
      },
      {
        text: 'Packages',
        collapsed: true,
        items: ['common', 'backend-modules', 'testing', 'dev-idp'].map((name) => ({
          text: `@ones.dev/${name}`,
          link: `/packages/${name}/`,
        })),
      },
      { text: 'Examples', link: '/examples/' },
    ],
  },
});
