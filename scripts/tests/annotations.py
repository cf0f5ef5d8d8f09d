#!/usr/bin/env python3
# annotations.py SRC LOG [RULE]: compare the annotations of a testsrc/plugin
# file (expect: RULE "TEXT", /* note */: see plugin-unit.sh) with the
# devmap-lint diagnostics in LOG; print the differences, exit 1 if any.
# RULE: only that rule's expectations and warnings count.
#
# annotations.py --batch LIST: the same for every line of LIST,
#   OUT<TAB>SRC<TAB>LOG[<TAB>RULE]
# in one start of the interpreter (a suite checks dozens of logs; each
# start costs more than the check): the differences of that pair go to
# OUT, which is empty when there are none.  A pair the checker could not
# check (a missing file, an error in the checker) gets its error in OUT,
# so it fails as a difference does; no OUT is written for a pair the
# process never reached, and a suite takes a missing OUT as a failure too.
# Exit 0 when every OUT is empty, 1 if any is not, 2 for bad usage.
import os, re, sys, traceback

EXPECT = re.compile(r'expect:\s*([a-z][a-z-]*)(?:\s+"([^"]*)")?(?:\s+#(\w+))?')
NOTE = re.compile(r'/\*\s*note(?:\s+"([^"]*)")?(?:\s+#(\w+))?\s*\*/')
DIAG = re.compile(r'^(.*?):(\d+):\d+: (warning|note|error): (.*)$')


def check(src, log, only=None):
    """The differences between SRC's annotations and LOG, one line each.

    ONLY: a rule; only its expectations and warnings count (an engine that
    runs only that rule: the libclang one); every other rule's are ignored.
    """
    base = os.path.basename(src)
    problems = []

    # Expectations: [line, rule, text, label, func, notes]; notes: [line, text]
    expects, notes = [], []
    func = 0
    for n, line in enumerate(open(src, encoding='utf-8'), 1):
        for m in EXPECT.finditer(line):
            if m.group(2) is None:
                problems.append('%d: "expect: %s" without the "TEXT" of its message' % (n, m.group(1)))
            expects.append([n, m.group(1), m.group(2) or '', m.group(3), func, []])
        for m in NOTE.finditer(line):
            notes.append((n, m.group(1) or '', m.group(2), func))
        if line.startswith('}'):
            func += 1
    for n, text, label, f in notes:
        if label:
            owner = [e for e in expects if e[3] == label]
            if len(owner) != 1:
                problems.append('%d: note #%s: %d expectations carry that label' % (n, label, len(owner)))
                continue
            owner = owner[0]
        else:
            same = [e for e in expects if e[4] == f]
            after = [e for e in same if e[0] >= n]
            owner = after[0] if after else (same[-1] if same else None)
            if owner is None:
                problems.append('%d: note with no expectation in its function' % n)
                continue
        owner[5].append((n, text))

    if only:
        expects = [e for e in expects if e[1] == only]

    # Reported: [line, rule, message, notes]; notes of devmap-lint warnings only.
    reported, current = [], None
    for raw in open(log, encoding='utf-8', errors='replace'):
        m = DIAG.match(raw.rstrip('\n'))
        if not m:
            continue
        path, line, kind, msg = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        where = line if os.path.basename(path) == base else '%s:%d' % (path, line)
        if kind == 'note':
            if current is not None:
                current[3].append((where, msg))
            continue
        current = None
        t = re.search(r' \[devmap-lint:([a-z-]+)\]$', msg)
        if kind == 'warning' and t and (not only or t.group(1) == only):
            current = [where, t.group(1), msg, []]
            reported.append(current)

    m = match(expects, reported, lambda e, r: e[0] == r[0] and e[1] == r[1] and e[2] in r[2])
    for i, e in enumerate(expects):
        if i not in m:
            problems.append('%d: missing %s warning containing "%s"' % (e[0], e[1], e[2]))
            continue
        r = reported[m[i]]
        nm = match(e[5], r[3], lambda w, g: w[0] == g[0] and w[1] in g[1])
        for k, w in enumerate(e[5]):
            if k not in nm:
                problems.append('%d: missing note "%s" of the warning at line %d' % (w[0], w[1], e[0]))
        for k, g in enumerate(r[3]):
            if k not in nm.values():
                problems.append('%s: unexpected note of the warning at line %d: %s' % (g[0], e[0], g[1]))
    for j, r in enumerate(reported):
        if j not in m.values():
            problems.append('%s: unexpected warning: %s' % (r[0], r[2]))
            for g in r[3]:
                problems.append('%s:   with note: %s' % (g[0], g[1]))
    return sorted(problems, key=lambda p: int(re.match(r'\d*', p).group() or 0))


def match(want, got, ok):
    """Pair each of WANT with one of GOT (ok(w, g)); a maximum matching."""
    pair = {}
    def augment(i, seen):
        for j, g in enumerate(got):
            if j in seen or not ok(want[i], g):
                continue
            seen.add(j)
            if j not in pair or augment(pair[j], seen):
                pair[j] = i
                return True
        return False
    for i in range(len(want)):
        augment(i, set())
    return {i: j for j, i in pair.items()}


def usage(why):
    print('annotations.py: ' + why, file=sys.stderr)
    sys.exit(2)


def batch(listing):
    """Check each OUT, SRC, LOG[, RULE] line of LISTING; 1 if any differs."""
    status = 0
    for n, line in enumerate(open(listing, encoding='utf-8'), 1):
        fields = line.rstrip('\n').split('\t')
        if fields == ['']:
            continue
        if not 3 <= len(fields) <= 4:
            usage('%s:%d: not OUT<TAB>SRC<TAB>LOG[<TAB>RULE]' % (listing, n))
        out = fields[0]
        try:
            problems = check(*fields[1:])
        except Exception:
            problems = ['the checker failed on this pair:'] + traceback.format_exc().splitlines()
        with open(out, 'w', encoding='utf-8') as f:
            f.writelines(p + '\n' for p in problems)
        status |= bool(problems)
    return status


if __name__ == '__main__':
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == '--batch':
        sys.exit(batch(args[1]))
    if not 2 <= len(args) <= 3 or args[0].startswith('--'):
        usage('usage: annotations.py SRC LOG [RULE] | annotations.py --batch LIST')
    problems = check(*args)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
