"""Compare labeller A and B on one batch: `python3 prep.py BATCH`.

Writes /work/label/adjudicated/batch_K.agreed.jsonl (postings where A and B agree on every mention's
presence, type, level, strength and experience_substitute and on the posting fields; A's line kept)
and /work/label/adjudicated/batch_K.disputes.txt (every other posting, both versions side by side)."""
import json, sys

K = sys.argv[1]
batch = [json.loads(l) for l in open(f"/work/label/batches/batch_{K}.jsonl") if l.strip()]
A = {json.loads(l)["id"]: json.loads(l) for l in open(f"/work/label/a/batch_{K}.jsonl") if l.strip()}
B = {json.loads(l)["id"]: json.loads(l) for l in open(f"/work/label/b/batch_{K}.jsonl") if l.strip()}


def locate(text, m):
    start = -1
    for _ in range(m.get("occurrence", 0) + 1):
        start = text.find(m["text"], start + 1)
    return start, start + len(m["text"])


def key(m):
    return (m["type"], m.get("level"), m["strength"], bool(m["experience_substitute"]))


def compare(text, a, b):
    sa = [(locate(text, m), m) for m in a["mentions"]]
    sb = [(locate(text, m), m) for m in b["mentions"]]
    used, pairs, only_a = set(), [], []
    for (ra, ma) in sa:
        hit = None
        for j, (rb, mb) in enumerate(sb):
            if j not in used and min(ra[1], rb[1]) > max(ra[0], rb[0]):
                hit = j
                break
        if hit is None:
            only_a.append((ra, ma))
        else:
            used.add(hit)
            pairs.append(((ra, ma), sb[hit]))
    only_b = [x for j, x in enumerate(sb) if j not in used]
    return pairs, only_a, only_b


agreed, disputes = [], []
for p in batch:
    a, b = A.get(p["id"]), B.get(p["id"])
    if a is None or b is None:
        disputes.append(f"##### {p['id']}: missing from {'A' if a is None else 'B'}\n")
        continue
    pairs, only_a, only_b = compare(p["text"], a, b)
    same_posting = (a["equivalency"] == b["equivalency"]
                    and a["min_degree_required"] == b["min_degree_required"])
    diff = [x for x in pairs if key(x[0][1]) != key(x[1][1])]
    if not only_a and not only_b and not diff and same_posting:
        agreed.append(a)
        continue
    lines = [f"##### {p['id']} (source {p['source']})",
             f"posting fields  A: equivalency={a['equivalency']} min_degree={a['min_degree_required']}"
             f"   B: equivalency={b['equivalency']} min_degree={b['min_degree_required']}"]
    for (ra, ma), (rb, mb) in pairs:
        mark = "DIFF" if key(ma) != key(mb) else "same"
        lines.append(f"  {mark} A {ma['text']!r}@{ma.get('occurrence',0)} {key(ma)} | B {mb['text']!r}@{mb.get('occurrence',0)} {key(mb)}")
    for r, m in only_a:
        lines.append(f"  ONLY A {m['text']!r}@{m.get('occurrence',0)} {key(m)}  A-notes: {a.get('notes','')[:200]}")
    for r, m in only_b:
        lines.append(f"  ONLY B {m['text']!r}@{m.get('occurrence',0)} {key(m)}  B-notes: {b.get('notes','')[:200]}")
    disputes.append("\n".join(lines) + "\n")

with open(f"/work/label/adjudicated/batch_{K}.agreed.jsonl", "w") as f:
    for a in agreed:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
with open(f"/work/label/adjudicated/batch_{K}.disputes.txt", "w") as f:
    f.write("\n".join(disputes))
print(f"batch {K}: {len(agreed)} agreed, {len(disputes)} disputed")
