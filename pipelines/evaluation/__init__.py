"""The evaluation room: the labelled corpus, scoring the analyzer on it, training its decider."""
