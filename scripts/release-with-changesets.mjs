// The release as a maintainer runs it (`pnpm version-packages`, then `changeset publish`), rehearsed on
// a copy of the workspace whose .npmrc points the @ones.dev scope at a given registry. Checks what
// `changeset version` wrote against the pending changesets: the new version of every package they name,
// its CHANGELOG entry, the changesets consumed, private packages untouched. Then publishes with
// `changeset publish` and returns what was published.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const BUMPS = ['patch', 'minor', 'major'];

/** `1.2.3` + `minor` → `1.3.0`. */
function bumped(version, bump) {
  const [major, minor, patch] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The pending changesets: `{ file, releases: Map<name, bump>, summary }`. */
function readChangesets(folder) {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => {
      const text = readFileSync(join(folder, name), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (match === null) throw new Error(`.changeset/${name} has no front matter (--- "package": bump ---)`);
      const releases = new Map();
      for (const line of match[1].split('\n').filter((l) => l.trim() !== '')) {
        const release = /^"(@ones\.dev\/[a-z-]+)": (patch|minor|major)$/.exec(line.trim());
        if (release === null) throw new Error(`.changeset/${name}: cannot read "${line}"`);
        releases.set(release[1], release[2]);
      }
      return { file: name, releases, summary: match[2].trim() };
    });
}

/**
 * The versions the changesets ask for: each named package, bumped by its highest bump. (Packages
 * changesets bumps on its own, as dependents, are not predicted here; their changelog is still checked.)
 */
function requestedVersions(packages, changesets) {
  const bumps = new Map();
  for (const { releases } of changesets) {
    for (const [name, bump] of releases) {
      const previous = bumps.get(name);
      if (previous === undefined || BUMPS.indexOf(bump) > BUMPS.indexOf(previous)) bumps.set(name, bump);
    }
  }
  return new Map(
    packages
      .filter(({ manifest }) => bumps.has(manifest.name))
      .map(({ manifest }) => [manifest.name, bumped(manifest.version, bumps.get(manifest.name))]),
  );
}

/**
 * Copies the workspace (manifests, changesets, the public packages' dist and READMEs) into `copy`,
 * versions it with changesets, checks the result, and publishes to `registry`.
 *
 * @param {{ root: string, copy: string, registry: { url: string, npmrc: string } }} options
 * @returns {Promise<Array<{ name: string, version: string }>>} what was published
 */
export async function releaseWithChangesets({ root, copy, registry }) {
  const run = async (command, args, cwd) =>
    (await promisify(execFile)(command, args, { cwd, encoding: 'utf8' })).stdout;

  const workspace = JSON.parse(await run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], root));
  const members = workspace.filter(({ path }) => path !== root).map(({ path }) => relative(root, path));
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', '.npmrc', '.changeset']) {
    cpSync(join(root, file), join(copy, file), { recursive: true });
  }
  const packages = [];
  /** Every member by name, private ones too: a public package may name one (bundled) in devDependencies. */
  const memberOf = new Map();
  for (const member of members) {
    const manifest = JSON.parse(readFileSync(join(root, member, 'package.json'), 'utf8'));
    memberOf.set(manifest.name, member);
    mkdirSync(join(copy, member), { recursive: true });
    cpSync(join(root, member, 'package.json'), join(copy, member, 'package.json'));
    if (manifest.private) continue;
    for (const file of ['dist', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      if (existsSync(join(root, member, file)))
        cpSync(join(root, member, file), join(copy, member, file), { recursive: true });
    }
    packages.push({ member, manifest });
  }
  // The changelog generator (@changesets/cli/changelog) resolves from the copy's node_modules.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // pnpm publish turns `workspace:*` into the version of the package linked in node_modules, as
  // `pnpm install` links it: link each public package's workspace dependencies (public or private)
  // to their copies.
  for (const { member, manifest } of packages) {
    const all = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies };
    for (const [dep, range] of Object.entries(all)) {
      if (!range.startsWith('workspace:') || !memberOf.has(dep)) continue;
      const link = join(copy, member, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(copy, memberOf.get(dep)), link, 'dir');
    }
  }
  // The registry configured in .npmrc (OnesID's), pointed at the given one, with its publish token.
  const npmrc = readFileSync(join(root, '.npmrc'), 'utf8');
  if (!/^@ones\.dev:registry=/m.test(npmrc)) throw new Error('.npmrc configures no registry for @ones.dev');
  writeFileSync(join(copy, '.npmrc'), npmrc.replace(/^@ones\.dev:registry=.*\n?/m, registry.npmrc));

  const changesets = readChangesets(join(copy, '.changeset'));
  if (changesets.length === 0) throw new Error('no pending changesets: nothing to release');
  const requested = requestedVersions(packages, changesets);
  const changeset = join(root, 'node_modules/.bin/changeset');

  await run(changeset, ['version'], copy);
  const problems = [];
  const released = [];
  for (const { member, manifest } of packages) {
    const { version } = JSON.parse(readFileSync(join(copy, member, 'package.json'), 'utf8'));
    const want = requested.get(manifest.name);
    if (want !== undefined && version !== want)
      problems.push(`${manifest.name}: version ${version}, expected ${want}`);
    if (version === manifest.version) continue;
    released.push({ name: manifest.name, version });
    const changelog = existsSync(join(copy, member, 'CHANGELOG.md'))
      ? readFileSync(join(copy, member, 'CHANGELOG.md'), 'utf8')
      : '';
    if (!changelog.startsWith(`# ${manifest.name}\n\n## ${version}\n`))
      problems.push(`${manifest.name}: CHANGELOG.md does not start with "## ${version}"`);
    for (const { file, releases, summary } of changesets) {
      const firstLine = summary.split('\n')[0] ?? '';
      if (releases.has(manifest.name) && !changelog.includes(firstLine))
        problems.push(`${manifest.name}: CHANGELOG.md lacks .changeset/${file}`);
    }
  }
  const left = readdirSync(join(copy, '.changeset')).filter((n) => n.endsWith('.md') && n !== 'README.md');
  if (left.length > 0) problems.push(`changesets not consumed: ${left.join(', ')}`);
  for (const member of members.filter((m) => !packages.some((p) => p.member === m))) {
    const before = readFileSync(join(root, member, 'package.json'), 'utf8');
    if (readFileSync(join(copy, member, 'package.json'), 'utf8') !== before)
      problems.push(`private package ${member} was versioned`);
    if (existsSync(join(copy, member, 'CHANGELOG.md')))
      problems.push(`private package ${member} got a CHANGELOG`);
  }
  if (problems.length > 0) throw new Error(`changeset version:\n  ${problems.join('\n  ')}`);
  for (const { name, version } of released)
    console.log(`changeset version: ${name} → ${version}, CHANGELOG.md written`);

  await run(changeset, ['publish', '--no-git-tag'], copy);
  return released;
}
