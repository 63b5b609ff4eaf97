/**
 * A private apt configuration per Debian suite: its own sources.list, lists
 * and cache under the harness cache, so packages of other releases
 * (bullseye, trixie) can be fetched with `apt-get download` on any Debian
 * host without changing the system's sources or state.
 */
import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../paths.ts';
import { mustRun } from '../proc.ts';

const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const MIRROR = process.env['PSTORE_INTEROP_MIRROR'] ?? 'http://deb.debian.org/debian';
const SECURITY =
  process.env['PSTORE_INTEROP_SECURITY_MIRROR'] ?? 'http://deb.debian.org/debian-security';

export class PrivateApt {
  readonly dir: string;

  constructor(readonly suite: string) {
    this.dir = join(cacheDir(), 'apt', suite);
  }

  /** The -o options that point apt at this private state. */
  private options(): string[] {
    return [
      '-o',
      `Dir::Etc::SourceList=${join(this.dir, 'sources.list')}`,
      '-o',
      'Dir::Etc::SourceParts=/dev/null',
      '-o',
      `Dir::State::Lists=${join(this.dir, 'lists')}`,
      '-o',
      `Dir::Cache=${join(this.dir, 'cache')}`,
      '-o',
      'APT::Sandbox::User=root',
      '-o',
      'Debug::NoLocking=1'
    ];
  }

  /** Writes the sources list and fetches the package lists (once; `force` refreshes). */
  async update(force = false): Promise<void> {
    for (const d of ['lists/partial', 'cache/archives/partial']) {
      mkdirSync(join(this.dir, d), { recursive: true });
    }
    const signed = existsSync(KEYRING) ? `[signed-by=${KEYRING}] ` : '';
    writeFileSync(
      join(this.dir, 'sources.list'),
      `deb ${signed}${MIRROR} ${this.suite} main\n` +
        `deb ${signed}${SECURITY} ${this.suite}-security main\n`
    );
    const lists = readdirSync(join(this.dir, 'lists')).filter((f) => f.endsWith('_Packages'));
    if (lists.length && !force) return;
    await mustRun('apt-get', [...this.options(), '-qq', 'update']);
  }

  /** Names of the packages `pkg` depends on (first alternative of each). */
  async depends(pkg: string): Promise<string[]> {
    const r = await mustRun('apt-cache', [...this.options(), 'depends', pkg]);
    return [...r.stdout.matchAll(/^\s+Depends: (\S+)/gm)].map((m) => m[1]!);
  }

  /** The candidate version of `pkg`. */
  async candidate(pkg: string): Promise<string> {
    const r = await mustRun('apt-cache', [...this.options(), 'policy', pkg]);
    const m = /Candidate: (\S+)/.exec(r.stdout);
    if (!m || m[1] === '(none)') throw new Error(`no candidate for ${pkg} in ${this.suite}`);
    return m[1]!;
  }

  /** Downloads `pkg` into `dir` and returns the .deb path. */
  async download(pkg: string, dir: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    await mustRun('apt-get', [...this.options(), '-qq', 'download', pkg], { cwd: dir });
    const name = pkg.replace(/\+/g, '%2b');
    const deb = readdirSync(dir).find(
      (f) => f.endsWith('.deb') && (f.startsWith(`${pkg}_`) || f.startsWith(`${name}_`))
    );
    if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${dir}`);
    return join(dir, deb);
  }
}
