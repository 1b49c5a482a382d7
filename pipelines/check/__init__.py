"""`credscope check`: what one employer's postings ask for, from a name or a careers-page URL."""
