"""The stages room: import and crawl postings into the store, extract credentials, the run job."""
