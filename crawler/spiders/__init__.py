"""One spider per source family; all yield crawler.items.PostingItem."""
