"""QR codes for handouts, made on the server: no outside service sees what readers print."""

import segno


def qr_data_uri(url):
    """A PNG of the QR code as a data URI, so the handout needs no extra request."""
    return segno.make(url, error="m").png_data_uri(scale=4, border=2)
