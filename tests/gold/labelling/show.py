"""Show postings of a batch: `python show.py BATCH [N ...]` (N = 0-based positions; none = list ids)."""
import json, sys
batch = [json.loads(l) for l in open(f"/work/label/batches/batch_{sys.argv[1]}.jsonl") if l.strip()]
if len(sys.argv) == 2:
    for i, p in enumerate(batch):
        print(i, p["id"], p["source"], len(p["text"]), "chars")
for n in sys.argv[2:]:
    p = batch[int(n)]
    print(f"===== #{n} id={p['id']} source={p['source']} =====")
    print(p["text"])
    print(f"===== end #{n} =====")
