// Topics from where a patch touches the tree and from the list it went to, without a
// MAINTAINERS file: the kernel's directory layout names most subsystems. Pure.

/** Directories whose subsystem has another name than the directory. Longest prefix wins. */
const DIR_ALIASES: [string, string][] = [
  ['drivers/base/power/', 'pm'],
  ['kernel/power/', 'pm'],
  ['drivers/devfreq/', 'pm/devfreq'],
  ['drivers/opp/', 'pm/opp'],
  ['drivers/powercap/', 'pm/powercap'],
  ['drivers/power/supply/', 'power/supply'],
  ['drivers/gpu/drm/', 'drm'],
  ['drivers/net/ethernet/', 'net/ethernet'],
  ['drivers/net/wireless/', 'wifi'],
  ['drivers/net/', 'net'],
  ['net/wireless/', 'wifi'],
  ['net/mac80211/', 'wifi/mac80211'],
  ['kernel/sched/', 'sched'],
  ['kernel/bpf/', 'bpf'],
  ['kernel/rcu/', 'rcu'],
  ['kernel/time/', 'timers'],
  ['kernel/irq/', 'irq'],
  ['kernel/locking/', 'locking'],
  ['kernel/trace/', 'tracing'],
  ['kernel/events/', 'perf'],
  ['kernel/cgroup/', 'cgroup'],
  ['virt/kvm/', 'kvm'],
  ['Documentation/devicetree/bindings/', 'dt-bindings'],
  ['include/drm/', 'drm'],
  ['include/net/', 'net'],
  ['include/linux/mm', 'mm'],
  ['include/linux/cpufreq', 'cpufreq'],
  ['include/linux/devfreq', 'pm/devfreq'],
  ['include/linux/pm', 'pm'],
  ['include/linux/suspend', 'pm'],
  ['tools/power/', 'pm/tools'],
];

/** Top-level directories that are one subsystem (the name is the directory's). */
const WHOLE = new Set(['mm', 'block', 'crypto', 'security', 'sound', 'rust', 'io_uring', 'lib', 'ipc', 'init', 'samples', 'scripts', 'certs', 'usr']);

/**
 * The topic a path falls in by the directory layout: mm/gup.c -> mm,
 * drivers/gpu/drm/i915/gt/x.c -> drm/i915/gt, net/ipv4/tcp.c -> net/ipv4,
 * kernel/sched/core.c -> sched, arch/x86/kvm/x86.c -> x86/kvm, drivers/base/power/main.c -> pm.
 * null for paths that name no subsystem (include/linux/*.h, Documentation/*, top-level files).
 */
export function dirTopic(path: string): string | null {
  const p = path.replace(/^\/+/, '').replace(/^(?:a|b)\/(?=\w)/, '');
  const dirs = p.split('/').slice(0, -1).filter(Boolean);
  if (!dirs.length) return null;
  let best: [string, string] | null = null;
  for (const a of DIR_ALIASES) if (p.startsWith(a[0]) && (!best || a[0].length > best[0].length)) best = a;
  if (best) {
    // sub-directories below an alias directory refine it: drivers/gpu/drm/i915/gt -> drm/i915/gt
    const below = best[0].endsWith('/') ? p.slice(best[0].length).split('/').slice(0, -1) : [];
    const depth = best[1] === 'drm' || best[1] === 'net/ethernet' ? 2 : 1;
    return [best[1], ...below.slice(0, depth).map(clean)].join('/');
  }
  const [top, second, third] = dirs.map(clean);
  switch (top) {
    case 'arch':
      return second ? (third && ['kvm', 'mm', 'entry', 'events', 'crypto', 'net'].includes(third) ? `${second}/${third}` : second) : null;
    case 'drivers':
      return second ? (third && ['pci', 'usb', 'scsi', 'media', 'iio'].includes(second) ? `${second}/${third}` : second) : null;
    case 'net':
    case 'fs':
      return second ? `${top}/${second}` : top;
    case 'kernel':
      return second ?? 'kernel';
    case 'tools':
      return second ? `tools/${second}` : 'tools';
    case 'include':
    case 'Documentation':
    case 'documentation':
      return null;
    default:
      return WHOLE.has(top) ? (second && top === 'mm' ? `mm/${second}` : top) : null;
  }
}

const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.+-]/g, '');

/** Lists that are one subsystem's. The key is the List-Id ("linux-mm.kvack.org"). */
const LISTS: Record<string, string> = {
  'linux-mm.kvack.org': 'mm',
  'linux-pm.vger.kernel.org': 'pm',
  'netdev.vger.kernel.org': 'net',
  'dri-devel.lists.freedesktop.org': 'drm',
  'intel-gfx.lists.freedesktop.org': 'drm/i915',
  'amd-gfx.lists.freedesktop.org': 'drm/amd',
  'kvm.vger.kernel.org': 'kvm',
  'linux-pci.vger.kernel.org': 'pci',
  'linux-acpi.vger.kernel.org': 'acpi',
  'linux-block.vger.kernel.org': 'block',
  'linux-fsdevel.vger.kernel.org': 'fs',
  'linux-ext4.vger.kernel.org': 'fs/ext4',
  'linux-btrfs.vger.kernel.org': 'fs/btrfs',
  'linux-xfs.vger.kernel.org': 'fs/xfs',
  'bpf.vger.kernel.org': 'bpf',
  'linux-usb.vger.kernel.org': 'usb',
  'linux-scsi.vger.kernel.org': 'scsi',
  'linux-wireless.vger.kernel.org': 'wifi',
  'linux-crypto.vger.kernel.org': 'crypto',
  'linux-media.vger.kernel.org': 'media',
  'linux-clk.vger.kernel.org': 'clk',
  'linux-rt-users.vger.kernel.org': 'rt',
  'rcu.vger.kernel.org': 'rcu',
  'linux-trace-kernel.vger.kernel.org': 'tracing',
  'rust-for-linux.vger.kernel.org': 'rust',
  'io-uring.vger.kernel.org': 'io_uring',
  'cgroups.vger.kernel.org': 'cgroup',
  'linux-security-module.vger.kernel.org': 'security',
  'alsa-devel.alsa-project.org': 'sound',
  'linux-sound.vger.kernel.org': 'sound',
  'devicetree.vger.kernel.org': 'dt-bindings',
};

/** "linux-pm@vger.kernel.org" or "<linux-pm.vger.kernel.org>" -> "linux-pm.vger.kernel.org". */
export function listKey(list: string): string {
  return list.trim().replace(/^<|>$/g, '').toLowerCase().replace('@', '.');
}

/** Lists for everything: they say nothing about a thread's subsystem. */
const GENERAL = new Set(['linux-kernel.vger.kernel.org', 'stable.vger.kernel.org', 'linux-next.vger.kernel.org', 'patches.lists.linux.dev', 'regressions.lists.linux.dev']);

export const isGeneralList = (list: string): boolean => GENERAL.has(listKey(list));

/** A subsystem list's topic; null for general lists (LKML) and unknown ones. */
export function listTopic(list: string): string | null {
  return LISTS[listKey(list)] ?? null;
}
