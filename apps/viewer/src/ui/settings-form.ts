/**
 * The layout form: backend, the kernel-parameter words, kernel version,
 * offset, partition size and CPU count — `pstore decode`'s options — and the
 * probe's candidates to start from. Every edit decodes again (debounced by
 * the app); a field that does not parse says why beside itself and stops
 * the decode until it does.
 */
import type { Candidate, DecodeSettings } from '../decode/types.ts';
import { byId, h, hex } from './dom.ts';

/** "0x4000", "16384", "16K", "1M" → bytes; null for anything else. */
function parseSize(text: string): number | null {
  const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmg])?(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] ?? ' ').toLowerCase());
  return Number.isSafeInteger(n) ? n : null;
}

type Field = 'backend' | 'params' | 'kernel' | 'offset' | 'size' | 'cpus';

export class SettingsForm {
  private readonly form = byId<HTMLFormElement>('settings');
  private readonly candidates = byId<HTMLSelectElement>('candidates');
  private readonly evidence = byId<HTMLElement>('evidence');
  private list: readonly Candidate[] = [];

  constructor(private readonly onChange: (s: DecodeSettings) => void) {
    this.form.addEventListener('input', (e) => {
      // Picking a reading replaces the whole form: its own listener below decodes.
      if (e.target !== this.candidates) this.changed();
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.changed();
    });
    this.candidates.addEventListener('change', () => {
      const c = this.list[Number(this.candidates.value)];
      if (c) this.set(c.settings);
      this.showEvidence();
      this.changed();
    });
  }

  private input(name: Field): HTMLInputElement | HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  }

  /** The probe's readings, best first; the form takes the best one (or `fallback`). */
  offer(list: readonly Candidate[], fallback: DecodeSettings): DecodeSettings {
    this.list = list;
    this.candidates.replaceChildren(
      ...list.map((c, i) =>
        h(
          'option',
          { value: i },
          `#${i + 1} ${c.settings.backend === 'blk' ? 'pstore/blk partition' : 'ramoops region'} at ${hex(c.settings.offset)}, kernel ${c.kernelLabel}, confidence ${c.confidence.toFixed(2)}`
        )
      )
    );
    this.candidates.disabled = list.length === 0;
    if (!list.length) this.candidates.append(h('option', {}, 'the probe found no layout'));
    const settings = list[0]?.settings ?? fallback;
    this.set(settings);
    this.showEvidence();
    return settings;
  }

  private showEvidence(): void {
    const c = this.list[Number(this.candidates.value)];
    this.evidence.replaceChildren(...(c ? c.evidence.map((e) => h('li', {}, e)) : []));
  }

  set(s: DecodeSettings): void {
    this.input('backend').value = s.backend;
    this.input('params').value = s.params;
    this.input('kernel').value = s.kernel;
    this.input('offset').value = hex(s.offset);
    this.input('size').value = s.size === null ? '' : hex(s.size);
    this.input('cpus').value = String(s.cpus);
    this.syncBackend();
    for (const f of ['offset', 'size', 'cpus'] as const) this.error(f, null);
  }

  /** The settings the form holds, or null while a field does not parse. */
  read(): DecodeSettings | null {
    const offset = parseSize(this.input('offset').value);
    const sizeText = this.input('size').value.trim();
    const size = sizeText === '' ? null : parseSize(sizeText);
    const cpus = Number(this.input('cpus').value);
    const ok = [
      this.error('offset', offset === null ? 'a byte offset: 0x100000, 1048576 or 1M' : null),
      this.error(
        'size',
        sizeText !== '' && size === null
          ? 'bytes (0x100000, 1M), or empty for the rest of the image'
          : null
      ),
      this.error(
        'cpus',
        Number.isInteger(cpus) && cpus >= 1 && cpus <= 8192 ? null : 'a CPU count, 1 to 8192'
      )
    ].every(Boolean);
    if (!ok || offset === null) return null;
    return {
      backend: this.input('backend').value === 'blk' ? 'blk' : 'ramoops',
      params: this.input('params').value.trim().replace(/\s+/g, ' '),
      kernel: this.input('kernel').value.trim(),
      offset,
      size,
      cpus
    };
  }

  private changed(): void {
    this.syncBackend();
    const s = this.read();
    if (s) this.onChange(s);
  }

  /** The partition size means something for pstore/blk only. */
  private syncBackend(): void {
    const blk = this.input('backend').value === 'blk';
    byId('size-row').hidden = !blk;
    this.input('params').setAttribute(
      'placeholder',
      blk
        ? 'pstore_blk.kmsg_size=64 pstore_blk.console_size=64'
        : 'empty: pstore-ts’s default board; e.g. ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.ecc=16'
    );
  }

  /** Shows or clears a field's error; true when there is none. */
  private error(name: 'offset' | 'size' | 'cpus', message: string | null): boolean {
    const input = this.input(name);
    const out = byId(`${name}-error`);
    out.textContent = message ?? '';
    input.setAttribute('aria-invalid', String(message !== null));
    return message === null;
  }
}
