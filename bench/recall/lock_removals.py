#!/usr/bin/env python3
"""Lock-removal recall of the race check (docs/real-world.md, survey 12): for
each guard declaration site of a project configured with a compile database
in PROJECT/build, remove that one lock (unique_lock -> std::defer_lock, so later unlock()s stay
valid; lock_guard/scoped_lock lines commented out), run the race check on the
edited file, and report whether a finding appears that the unedited file lacks.
usage: lock_removals.py PROJECT CONCUR SITES OUT   (SITES: lines "path:line",
relative to PROJECT). The file is edited in place and restored after each run."""
import json, os, re, subprocess, sys

project, concur, sites_file, out = sys.argv[1:5]
sites = [l.strip() for l in open(sites_file) if l.strip() and not l.startswith('#')]
os.makedirs(out, exist_ok=True)

def run(path):
    r = subprocess.run([concur, 'check', '-p', os.path.join(project, 'build'), '--quiet',
                        '--checks=-*,concur-unguarded-shared-state', '--format=json', path],
                       capture_output=True, text=True)
    try:
        data = json.loads(r.stdout)
    except Exception:
        return None, r.stderr[-400:]
    findings = data.get('findings', data) if isinstance(data, dict) else data
    return findings, ''

results = []
for site in sites:
    rel, line = site.rsplit(':', 1)
    line = int(line)
    path = os.path.join(project, rel)
    original = open(path).read()
    base, err = run(path)
    lines = original.split('\n')
    src = lines[line - 1]
    m = re.search(r'std::unique_lock<([^>]*)>\s*(\w+)([({])([^)}]*)[)}];', src)
    if m:
        close = ')' if m.group(3) == '(' else '}'
        lines[line - 1] = src.replace(m.group(0),
            f'std::unique_lock<{m.group(1)}> {m.group(2)}{m.group(3)}{m.group(4)}, std::defer_lock{close};')
    else:
        lines[line - 1] = '// INJ ' + src
    try:
        open(path, 'w').write('\n'.join(lines))
        inj, err2 = run(path)
    finally:
        open(path, 'w').write(original)
    if base is None or inj is None:
        results.append((site, 'error', err or err2))
        continue
    bk = {json.dumps(f.get('message')) for f in base}
    new = [f for f in inj if json.dumps(f.get('message')) not in bk]
    results.append((site, 'found' if new else 'missed',
                    '; '.join(f"{f.get('line', '?')}: {f.get('message', '')[:160]}" for f in new[:3])))
    print(site, results[-1][1], results[-1][2], flush=True)
found = sum(1 for r in results if r[1] == 'found')
print(f'found {found} of {len(results)}')
json.dump(results, open(os.path.join(out, 'results.json'), 'w'), indent=1)
