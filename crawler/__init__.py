"""credscope crawler: Scrapy spiders and item pipelines that gather job postings."""
