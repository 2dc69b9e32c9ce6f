// A series' topic from the subsystem prefix of its title, as kernel subjects write it:
// "mm: asi: keep ..." -> "mm/asi", "drm/i915/gt: ..." -> "drm/i915/gt",
// "net: ethernet: mlx5: ..." -> "net/ethernet/mlx5". Pure. (The web UI's taxonomy adds
// touched paths and MAINTAINERS on top.)

const PREFIX = /^([A-Za-z0-9][\w.,/+-]{0,40}):\s+/;

export function subjectTopic(title: string): string | null {
  const parts: string[] = [];
  // "PM / devfreq: ..." is written with spaces around the slash
  let rest = title.trim().replace(/^([\w.-]+)\s+\/\s+(?=[\w.-]+:)/, '$1/');
  for (let m = PREFIX.exec(rest); m && parts.length < 6; m = PREFIX.exec(rest)) {
    parts.push(...m[1].toLowerCase().split('/').filter(Boolean));
    rest = rest.slice(m[0].length);
  }
  // a title that is only "word: rest" where rest is empty is not a prefix
  return parts.length && rest ? parts.join('/') : null;
}

/** Does `topic` fall under the filter ("mm" matches "mm" and "mm/asi")? */
export function topicMatches(topic: string | null, filter: string): boolean {
  const f = filter.toLowerCase().replace(/\/+$/, '');
  return !!topic && (topic === f || topic.startsWith(`${f}/`));
}
