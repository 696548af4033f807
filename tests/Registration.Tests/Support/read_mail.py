"""Reads email files with Python's standard email parser and prints them as JSON for the tests.

Usage: read_mail.py FILE... ; each message becomes one object with its headers (all values, decoded),
its plain-text and HTML parts, and its attachments (content type and decoded text).
"""
import base64
import email
import email.policy
import json
import sys


def read(path):
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    headers = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), []).append(str(value))
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "contentType": part.get_content_type(),
            "method": part.get_param("method"),
            "fileName": part.get_filename(),
            "content": payload.decode("utf-8", errors="replace"),
        })
    images = [
        {"contentId": (part.get("Content-ID") or "").strip("<>"), "base64": base64.b64encode(part.get_payload(decode=True) or b"").decode("ascii")}
        for part in message.walk()
        if part.get_content_maintype() == "image"
    ]
    return {
        "file": path,
        "images": images,
        "headers": headers,
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "attachments": attachments,
        "multipartAlternative": any(p.get_content_type() == "multipart/alternative" for p in message.walk()),
        "defects": [type(d).__name__ for d in message.defects],
    }


print(json.dumps([read(path) for path in sys.argv[1:]]))
