"""Merge the batches: labeller_a.jsonl, labeller_b.jsonl and adjudicated.jsonl (agreed + resolved,
then any consistency corrections) into /work/main/tests/gold/labels/, sorted by id."""
import json, glob, os

OUT = "/work/main/tests/gold/labels"
os.makedirs(OUT, exist_ok=True)


def read(pattern):
    records = {}
    for path in sorted(glob.glob(pattern)):
        for line in open(path):
            if line.strip():
                r = json.loads(line)
                records[r["id"]] = r
    return records


def write(name, records):
    with open(f"{OUT}/{name}", "w") as f:
        for key in sorted(records):
            f.write(json.dumps(records[key], ensure_ascii=False) + "\n")
    print(name, len(records))


write("labeller_a.jsonl", read("/work/label/a/batch_*.jsonl"))
write("labeller_b.jsonl", read("/work/label/b/batch_*.jsonl"))
final = read("/work/label/adjudicated/batch_*.agreed.jsonl")
final.update(read("/work/label/adjudicated/batch_*.resolved.jsonl"))
final.update(read("/work/label/adjudicated/consistency_*.jsonl"))
write("adjudicated.jsonl", final)
