// Size budgets (min+gzip), checked by `pnpm check:packages` in `npm test` (size-limit runs in
// tools/, whose package.json names its plugins). Some files load only when they are needed, and are
// measured apart, each with a budget of its own: the widget's languages other than English (when
// `locale` asks for one), its tokens mode (`mode="tokens"`), and the reading of a non-2xx answer
// (`answer-errors`, when a server answers one). A budget "up front" is what a page downloads before
// any of them.

const ON_DEMAND = /(^|\/)((?:de|widget-tokens-mode|answer-errors)-[\w-]+\.js)$/;

/**
 * Leaves the files loaded on demand (`./de-<hash>.js`, …) out of a bundle. Each import keeps its bare
 * file name: an external relative import would be written relative to size-limit's temporary folder,
 * so the bytes (and the figure) would depend on where the checkout lives.
 */
const upFront = (config) => ({
  ...config,
  plugins: [
    {
      name: 'on-demand-files-stay-out',
      resolveId(source) {
        const onDemand = ON_DEMAND.exec(source);
        return onDemand ? { id: onDemand[2], external: true } : null;
      },
    },
    ...(config.plugins ?? []),
  ],
});

/**
 * A file loaded on demand, measured as the file a page downloads: without the shared files it
 * imports (the page has them already).
 */
const ownBytes = (config) => ({
  ...config,
  external: (id) => /(^|\/)chunk-[\w-]+\.js$/.test(id),
});

export default [
  {
    name: '@ones.dev/common — whole main entry',
    path: '../packages/common/dist/index.js',
    import: '*',
    gzip: true,
    limit: '7 kB',
  },
  {
    name: '@ones.dev/common — makeCibaRequestClient alone, up front',
    path: '../packages/common/dist/index.js',
    import: '{ makeCibaRequestClient }',
    gzip: true,
    limit: '3 kB',
    modifyRolldownConfig: upFront,
  },
  {
    name: '@ones.dev/common — reading a non-2xx answer (loaded when a server answers one)',
    path: '../packages/common/dist/answer-errors-*.js',
    gzip: true,
    modifyRolldownConfig: ownBytes,
    limit: '0.5 kB',
  },
  {
    name: '@ones.dev/common/qr — whole entry',
    path: '../packages/common/dist/qr.js',
    import: '*',
    gzip: true,
    limit: '6 kB',
  },
  {
    name: '@ones.dev/common/widget — the <ones-login> element up front, QR encoder and English included',
    path: '../packages/common/dist/widget.js',
    import: '*',
    gzip: true,
    limit: '12 kB',
    modifyRolldownConfig: upFront,
  },
  {
    name: '@ones.dev/common/widget — tokens mode, loaded when mode="tokens" asks for it',
    path: '../packages/common/dist/widget-tokens-mode-*.js',
    gzip: true,
    modifyRolldownConfig: ownBytes,
    limit: '0.4 kB',
  },
  {
    name: '@ones.dev/common/widget — German, loaded when locale asks for it',
    path: '../packages/common/dist/de-*.js',
    gzip: true,
    modifyRolldownConfig: ownBytes,
    limit: '0.5 kB',
  },
];
