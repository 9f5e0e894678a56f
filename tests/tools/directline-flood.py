#!/usr/bin/env python3
# Issue 16 item 1 repro: python3 tests/tools/directline-flood.py BASE_URL HOST_PID DB_FILE [POSTS] [CHARS]
# One conversation, POSTS messages of CHARS characters (default 300 x 250,000) from one address, then one and four
# concurrent GET ...activities?watermark=0; prints status counts, database size (file + WAL) and the host RSS (/proc).
import json, os, sys, time, urllib.request, concurrent.futures
base, pid, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
N = int(sys.argv[4]) if len(sys.argv) > 4 else 300
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return int(line.split()[1]) // 1024
def dbsize():
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 1e6
def req(method, path, body=None, token=None):
    r = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    if token: r.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(r, timeout=120) as resp: return resp.status, resp.read()
    except urllib.error.HTTPError as e: return e.code, e.read()
st, b = req("POST", "/v3/directline/tokens/generate", {})
tok = json.loads(b)["token"]
st, b = req("POST", "/v3/directline/conversations", {}, tok)
cid = json.loads(b)["conversationId"]
print(f"before: rss {rss()} MB, db {dbsize():.1f} MB")
text = "x" * (int(sys.argv[5]) if len(sys.argv) > 5 else 250_000)
t0 = time.time()
statuses = {}
def post(i):
    return req("POST", f"/v3/directline/conversations/{cid}/activities", {"type": "message", "text": text[:-(i+1)] , "from": {"id": "u"}}, tok)[0]
with concurrent.futures.ThreadPoolExecutor(8) as ex:
    for s in ex.map(post, range(N)): statuses[s] = statuses.get(s, 0) + 1
print(f"posted {N} in {time.time()-t0:.1f} s: {statuses}; rss {rss()} MB, db {dbsize():.1f} MB")
peak = rss()
st, b = req("GET", f"/v3/directline/conversations/{cid}/activities?watermark=0", None, tok)
page = json.loads(b)
print(f"GET watermark=0: {st}, {len(page['activities'])} activities, {len(b)/1e6:.1f} MB body, watermark {page['watermark']}; rss {rss()} MB")
with concurrent.futures.ThreadPoolExecutor(4) as ex:
    list(ex.map(lambda _: req("GET", f"/v3/directline/conversations/{cid}/activities?watermark=0", None, tok)[0], range(4)))
print(f"4 GETs at once: rss {rss()} MB, db {dbsize():.1f} MB")
