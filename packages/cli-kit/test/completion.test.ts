/**
 * The completion scripts in the real shells: bash drives the function the way
 * readline does; fish answers `complete -C`; zsh checks the syntax and that
 * the script defines its completer. .ci/run installs zsh and fish.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completionScript, type CompletionSpec } from '../src/completion.ts';

const spec: CompletionSpec = {
  command: 'tool',
  subcommands: [
    {
      name: 'decode',
      help: "show a region's records",
      positional: 'file',
      options: [
        { name: 'out', value: 'dir', help: 'write the files to DIR' },
        { name: 'pmsg-format', value: ['android', 'raw', 'auto'], help: 'how to show pmsg' },
        { name: 'json', value: null, help: 'JSON on stdout' }
      ]
    },
    { name: 'layout', help: 'the zone map', positional: null, options: [] }
  ]
};

const dir = mkdtempSync(join(tmpdir(), 'cli-kit-completion-'));
mkdirSync(join(dir, 'images'));
writeFileSync(join(dir, 'ram.bin'), '');
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** COMPREPLY for the words typed so far (the last one being completed). */
function bashComplete(typed: string[]): string[] {
  const script = join(dir, 'tool.bash');
  writeFileSync(script, completionScript(spec, 'bash'));
  const words = typed.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `source ${script}; COMP_WORDS=(${words}); COMP_CWORD=${typed.length - 1}; _tool_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
    ],
    { cwd: dir, encoding: 'utf8' }
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('bash', () => {
  it('completes subcommands, options, option values, files and directories', () => {
    expect(bashComplete(['tool', ''])).toEqual(['--help', '--version', 'decode', 'layout']);
    expect(bashComplete(['tool', 'dec'])).toEqual(['decode']);
    expect(bashComplete(['tool', 'decode', '--'])).toEqual([
      '--help',
      '--json',
      '--out',
      '--pmsg-format'
    ]);
    expect(bashComplete(['tool', 'decode', '--pmsg-format', 'a'])).toEqual(['android', 'auto']);
    expect(bashComplete(['tool', 'decode', 'ra'])).toEqual(['ram.bin']);
    expect(bashComplete(['tool', 'decode', '--out', 'im'])).toEqual(['images']);
  });
});

describe.skipIf(!has('fish'))('fish', () => {
  const complete = (line: string): string[] => {
    const script = join(dir, 'tool.fish');
    writeFileSync(script, completionScript(spec, 'fish'));
    const r = spawnSync('fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`], {
      cwd: dir,
      encoding: 'utf8'
    });
    expect(r.stderr).toBe('');
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]!)
      .sort();
  };
  it('completes subcommands, options and values', () => {
    expect(complete('tool ')).toEqual(['decode', 'layout']);
    expect(complete('tool decode --p')).toEqual(['--pmsg-format']);
    expect(complete('tool decode --pmsg-format ')).toEqual(['android', 'auto', 'raw']);
    expect(complete('tool decode ra')).toEqual(['ram.bin']);
  });
});

describe.skipIf(!has('zsh'))('zsh', () => {
  it('is valid zsh that defines the completer and registers it', () => {
    const script = join(dir, '_tool');
    writeFileSync(script, completionScript(spec, 'zsh'));
    expect(spawnSync('zsh', ['-n', script], { encoding: 'utf8' }).status).toBe(0);
    const r = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        `autoload -U compinit && compinit -u -D; source ${script}; print -r -- $_comps[tool]; whence -w _tool_decode`
      ],
      { encoding: 'utf8' }
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('_tool\n_tool_decode: function\n');
  });
});
