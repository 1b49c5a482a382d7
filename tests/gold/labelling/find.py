"""Where a phrase occurs in a posting: `python find.py BATCH POSTING_ID "phrase"` prints each occurrence's index and context."""
import json, sys
batch = {json.loads(l)["id"]: json.loads(l) for l in open(f"/work/label/batches/batch_{sys.argv[1]}.jsonl") if l.strip()}
text, phrase = batch[sys.argv[2]]["text"], sys.argv[3]
start, k = -1, 0
while True:
    start = text.find(phrase, start + 1)
    if start < 0:
        break
    print(f"occurrence {k}: ...{text[max(0, start-80):start]!r} [[{phrase}]] {text[start+len(phrase):start+len(phrase)+80]!r}...")
    k += 1
if k == 0:
    print("NOT FOUND (the text must match the posting character for character)")
