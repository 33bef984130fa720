"""Following an export the way a user does when it is made in the background."""

from urllib.parse import urlencode

from tps_khusus.xlsx import CONTENT_TYPE


def fetch_export(client, path: str, data: dict | None = None):
    """The response a user ends up downloading from an export address: the file itself when it
    comes at once; otherwise the offered page's button is pressed (a POST to the same address),
    the job's page is opened and its file downloaded (tests run jobs at once, in the request)."""
    response = client.get(path, data or {})
    if response.status_code != 200 or response["Content-Type"] == CONTENT_TYPE:
        return response
    assert b'data-testid="job-start"' in response.content, "neither a file nor an offer of one"
    queued = client.post(path + (f"?{urlencode(data)}" if data else ""))
    assert queued.status_code == 302, queued.status_code
    page = queued["Location"]
    assert page.startswith("/berkas/"), page
    assert b'data-testid="job-download"' in client.get(page).content
    return client.get(f"{page}unduh/")
