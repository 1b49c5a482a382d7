"""Print a posting's text and its current adjudicated label line: `python3 show_id.py ID [ID ...]`."""
import json, sys
corpus = {json.loads(l)["id"]: json.loads(l) for l in open("/work/main/tests/gold/corpus/postings.jsonl")}
labels = {json.loads(l)["id"]: json.loads(l) for l in open("/work/main/tests/gold/labels/adjudicated.jsonl")}
for pid in sys.argv[1:]:
    print(f"===== {pid} source={corpus[pid]['source']} =====")
    print(corpus[pid]["text"])
    print(f"===== current labels of {pid} =====")
    print(json.dumps(labels[pid], ensure_ascii=False, indent=1))
