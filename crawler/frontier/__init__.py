"""A crawl shared by many worker processes through Redis (scrapy-redis), with leases and politeness.

Each Scrapy spider of a crawl keeps, under `credscope:crawl:<crawl id>:<spider>:`, its request queue
(`requests`), its request fingerprints (`dupefilter`), the requests workers hold (`leases`) and the
crawl's state (`state`: seeding, seeded, finished). Per-host politeness lives under
`credscope:host:<host>:`, shared by every crawl.
"""
