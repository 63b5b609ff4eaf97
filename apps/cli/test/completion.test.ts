/**
 * `pstore completion SHELL` from the built command, loaded into the real
 * shells: what they complete are the options each subcommand parses.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENCODE_OPTIONS } from '../src/commands/encode.ts';
import { pstoreProcess, tmp } from './helpers.ts';

const dir = tmp('completion');
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

function script(shell: string): string {
  const r = pstoreProcess(['completion', shell]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const file = join(dir, `pstore.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('pstore completion', () => {
  it('bash: subcommands, every encode option, option values, image files', () => {
    const file = script('bash');
    writeFileSync(join(dir, 'ram.bin'), '');
    const complete = (words: string[]) => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _pstore_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
        ],
        { cwd: dir, encoding: 'utf8' }
      );
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete(['pstore', ''])).toEqual(
      [
        '--help',
        '--version',
        'completion',
        'decode',
        'encode',
        'help',
        'inflate',
        'layout',
        'probe'
      ].sort()
    );
    const encode = Object.keys(ENCODE_OPTIONS)
      .filter((o) => o.length > 1)
      .map((o) => `--${o}`)
      .sort();
    expect(complete(['pstore', 'encode', '--'])).toEqual(encode);
    expect(complete(['pstore', 'decode', '--pmsg-format', ''])).toEqual(['android', 'auto', 'raw']);
    expect(complete(['pstore', 'decode', 'ra'])).toEqual(['ram.bin']);
  });

  it.skipIf(!has('fish'))('fish: complete -C', () => {
    const file = script('fish');
    const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C 'pstore lay'`], {
      encoding: 'utf8'
    });
    expect(r.stdout.split('\t')[0]).toBe('layout');
  });

  it.skipIf(!has('zsh'))('zsh: valid, and registers _pstore', () => {
    const file = script('zsh');
    const r = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        `autoload -U compinit && compinit -u -D; source ${file}; print -r -- $_comps[pstore]`
      ],
      { encoding: 'utf8' }
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('_pstore\n');
  });

  it('a missing or unknown shell is one line, exit 2', () => {
    for (const args of [['completion'], ['completion', 'tcsh']]) {
      const r = pstoreProcess(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pstore completion: completion takes one shell: bash, zsh, fish/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
