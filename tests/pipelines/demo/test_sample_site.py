"""The loopback sample server: job-board path resolution and keep-alive connections."""

import http.client
from urllib.parse import urlsplit

from analyzer.paths import data_dir
from pipelines.demo.sample_site import serve_sample


def test_one_connection_serves_several_requests():
    with serve_sample(data_dir() / "samples") as base_url:
        address = urlsplit(base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        statuses = []
        for path in ("/robots.txt", "/greenhouse/v1/boards/northwind-demo/jobs", "/nosuch"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            statuses.append((response.status, response.version))
            if path != "/nosuch":
                assert response.getheader("Connection") != "close"
        connection.close()
    assert statuses == [(200, 11), (200, 11), (404, 11)]
